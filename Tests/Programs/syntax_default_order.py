# Checks SyntaxError for a parameter without default after one with a default.
print("this line must not run")
def f(a=1, b):
    return a + b
