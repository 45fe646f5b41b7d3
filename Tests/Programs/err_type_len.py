# Checks TypeError for len() of an int.
print(len("abc"), len([1]))
print(len(5))
