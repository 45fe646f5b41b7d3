# Checks NameError raised inside a function for a misspelled global.
def area(w, h):
    return widht * h

print("computing")
print(area(2, 3))
