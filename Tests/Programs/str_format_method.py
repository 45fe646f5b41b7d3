# Checks str.format and format_map: auto and explicit numbering, names, .attr and [index], !r/!s/!a, specs, nested specs, {{ }}.
class P:
    x = 5

    def __init__(self):
        self.items = [10, 20]
        self.name = "pp"

    def __repr__(self):
        return "P()"


p = P()
print("{} {}".format(1, 2), "{1} {0} {1}".format("a", "b"), "{name} is {age}".format(name="Al", age=3))
print("{0.x} {0.items[1]} {0.name!r} {1[k]} {1[0]} {2[1]}".format(p, {"k": "v", 0: "zero"}, "xyz"))
print("{:>8.2f}|{:<6}|{:^7}|{:+d}|{:08.3f}|{:,}|{:_x}|{:#o}|{:e}|{:%}".format(3.14159, "ab", "mid", 5, -2.5, 1234567, 65535, 8, 12345.678, 0.25))
print("{!r} {!s} {!a} {0!r:>6}".format("hi", None, "\u00e9") if False else "{!r} {!s} {!a}".format("hi", None, "\u00e9"))
print("{{}} {{{0}}} {{{{".format(7), "{0:{1}}".format(3.14159, ".3f"), "{:{}{}}".format(7, ">", 5), "{:{fill}^{w}}".format("x", fill="*", w=9))
print("{0:}".format(5), "{}".format(True), "{:d}".format(True), "{:>5}".format(True), "{}".format([1, "a"]), "{}".format((1,)))
print("{}".format(p), "{x[1]}".format(x=[1, 2]))
print("{:=^10,}".format(1234567), "{:c}".format(65), "{:b}".format(10), "{:X}".format(255), "{:.3s}".format("abcdef"), "{:10.4}".format(3.14159))
print("{a}-{b}".format_map({"a": 1, "b": [2]}), "{:g}".format(1e-7), "{:n}".format(1234), "{0}{0}{0}".format("ab"))
for n in [0, 1, -1, 255, 2**70, 1.5, -0.0, float("inf")]:
    print("{0} {0!r} {0:>12} {0:<12}|".format(n))
