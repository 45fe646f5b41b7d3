# Checks IndentationError for an unexpected indent.
print("this line must not run")
x = 1
    y = 2
print(x + y)
