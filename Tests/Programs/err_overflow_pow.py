# Checks OverflowError for float ** with a huge result.
print(2.0 ** 100)
print(2.0 ** 10000)
