# Checks SyntaxError for continue outside a loop.
print("this line must not run")
def f():
    continue
