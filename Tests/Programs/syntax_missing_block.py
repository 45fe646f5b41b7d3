# Checks IndentationError for a missing indented block after def.
print("this line must not run")
def f():
return 1
