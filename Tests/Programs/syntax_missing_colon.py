# Checks SyntaxError for a missing colon after if.
print("this line must not run")
x = 3
if x > 2
    print("big")
