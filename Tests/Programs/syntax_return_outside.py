# Checks SyntaxError for return outside a function.
print("this line must not run")
x = 5
return x
