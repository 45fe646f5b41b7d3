# Checks SyntaxError for assignment to a literal.
print("this line must not run")
x = 2
1 = x
