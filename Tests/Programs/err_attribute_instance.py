# Checks AttributeError for a missing instance attribute.
class Car:
    def __init__(self, make):
        self.make = make

c = Car("vw")
print(c.make)
print(c.model)
