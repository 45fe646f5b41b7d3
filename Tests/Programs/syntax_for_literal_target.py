# Checks SyntaxError for a literal used as a for-loop target.
print("this line must not run")
for 1 in range(3):
    pass
