# Checks SyntaxError for an unterminated triple-quoted string.
print("this line must not run")
doc = """starts here
and never ends
