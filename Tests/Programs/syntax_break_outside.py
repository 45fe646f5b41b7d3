# Checks SyntaxError for break outside a loop.
print("this line must not run")
if True:
    break
