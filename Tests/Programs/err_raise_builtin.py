# Checks raise of a builtin exception with a message.
def check_age(age):
    if age < 0:
        raise ValueError("age must be non-negative, got " + str(age))
    return age

print(check_age(7))
check_age(-3)
