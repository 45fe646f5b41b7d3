# Checks that str.replace names the argument that is not a str.
print("a-b".replace("-", "+"))
print("x".replace(1, 2))
