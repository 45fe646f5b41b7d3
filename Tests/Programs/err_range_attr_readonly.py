# Checks that assigning a range's start fails as CPython's read-only attribute does.
r = range(3)
print(r.start, r.stop, r.step)
r.start = 1
