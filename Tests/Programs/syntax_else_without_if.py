# Checks SyntaxError for an else without a matching if.
print("this line must not run")
x = 1
else:
    x = 2
