# Checks that % with more values than conversions is CPython's TypeError.
print("%s=%d" % ("x", 3), "abc" % ())
print("abc" % 5)
