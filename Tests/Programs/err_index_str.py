# Checks IndexError for string index out of range.
s = "hey"
print(s[0], s[-1])
print(s[-4])
