# Checks IndentationError when a dedent matches no outer level.
print("this line must not run")
def f(x):
        if x:
            return 1
    return 0
