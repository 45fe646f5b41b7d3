# Checks SyntaxError for a parenthesis that is never closed.
print("this line must not run")
total = (1 + 2
print(total)
