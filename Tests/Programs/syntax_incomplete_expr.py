# Checks SyntaxError for a binary operator with no right operand.
print("this line must not run")
x = 1 +
print(x)
