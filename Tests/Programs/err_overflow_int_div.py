# Checks OverflowError for true division whose result does not fit in a float.
print(10 ** 30 / 10 ** 10)
print(10 ** 400 / 3)
