# Checks OverflowError when a huge int is converted to float.
big = 10 ** 400
print(len(str(big)))
print(float(big))
