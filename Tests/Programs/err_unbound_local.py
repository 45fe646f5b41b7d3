# Checks UnboundLocalError when a local is read before assignment.
count = 10

def bump():
    print("before", 1)
    count += 1
    return count

print("start")
bump()
