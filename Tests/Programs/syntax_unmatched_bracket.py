# Checks SyntaxError for a closing bracket that does not match the opener.
print("this line must not run")
xs = [1, 2, 3)
