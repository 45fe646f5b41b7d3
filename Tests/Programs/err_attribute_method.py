# Checks AttributeError for a missing method on a builtin list.
xs = [3, 1]
xs.append(2)
print(xs)
xs.push(4)
