# Checks isinstance with nested tuples of types, bool as an int, and classes in the tuple.
class Shape:
    pass


class Square(Shape):
    pass


print(isinstance(3, (str, (float, int))), isinstance(3.5, ((str,), ((float,),))), isinstance("s", (int, (float,))))
print(isinstance(True, (str, (int,))), isinstance(2**80, (float, (list, int))), isinstance(3, ()), isinstance(3, ((), ())))
print(isinstance(Square(), (int, (str, Shape))), isinstance(Shape(), (Square, (Square,))), isinstance(3, (int, 5)))
kinds = int
for i in range(50):
    kinds = (str, kinds)
print(isinstance(7, kinds), isinstance(7.0, kinds))
