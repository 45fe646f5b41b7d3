# Checks the TypeError of ** with a str operand, which names pow() as CPython does.
print(2 ** 10, pow(2, 10))
print(2 ** "a")
