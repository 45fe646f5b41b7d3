# Checks TypeError for adding int and str.
x = 5
s = "apples"
print(str(x) + " " + s)
print(x + s)
