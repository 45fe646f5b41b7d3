# Checks an error raised from a method called through a subclass.
class Shape:
    def area(self):
        raise NotImplementedError("subclass must implement area")

class Square(Shape):
    def __init__(self, s):
        self.s = s

    def area(self):
        return self.s * self.s

class Blob(Shape):
    pass

for sh in [Square(3), Square(4), Blob()]:
    print(sh.area())
