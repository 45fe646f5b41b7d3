# Checks that a builtin stored as a class attribute is not bound to the instance (fuzz seed 5: TypeError in every tier).
class K_b6:
    f1 = abs
    f3 = len
o = K_b6()
t = 0
for i in range(50):
    t = t + o.f1(-i) + o.f3([i, i])
print(t, o.f1(-3), o.f3("abc"), K_b6.f1(-4))
