# A method of a built-in type counts its arguments without the receiver, as CPython's messages do.
s = "abc"
t = 0
for i in range(2000):
    t += len(s.replace("a", "xy")) + s.find("c", 0, 3) + s.count("b", 0)
print(t, s.center(7, "*"), {1: 2}.get(1), [1, 2].pop())
print(s.replace("a"))
