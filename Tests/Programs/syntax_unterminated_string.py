# Checks SyntaxError for an unterminated string literal.
print("this line must not run")
msg = "hello
print(msg)
