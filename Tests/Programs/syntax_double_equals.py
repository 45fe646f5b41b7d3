# Checks SyntaxError for 'x = = 1'.
print("this line must not run")
x = = 1
