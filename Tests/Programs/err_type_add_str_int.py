# Checks TypeError for concatenating str with int.
label = "value: "
print(label + str(3))
print(label + 3)
