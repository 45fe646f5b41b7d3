# Checks TypeError for a missing positional argument.
def greet(name, greeting):
    return greeting + ", " + name

print(greet("Ann", "Hi"))
print(greet("Bob"))
