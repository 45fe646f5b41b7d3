# Checks SyntaxError for a duplicate parameter name.
print("this line must not run")
def f(a, a):
    return a
