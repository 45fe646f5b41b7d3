# Checks single inheritance, overriding, super() calls, isinstance through hierarchy.
class Animal:
    kind = "animal"

    def __init__(self, name):
        self.name = name
        self.sounds = 0

    def speak(self):
        self.sounds += 1
        return self.name + " makes a sound"

    def describe(self):
        return self.name + " is a " + self.kind + ": " + self.speak()

class Dog(Animal):
    kind = "dog"

    def __init__(self, name, breed):
        super().__init__(name)
        self.breed = breed

    def speak(self):
        base = super().speak()
        return base + " (woof)"

class Puppy(Dog):
    def speak(self):
        return super().speak().upper()

class Cat(Animal):
    def speak(self):
        return self.name + " meows"

animals = [Animal("generic"), Dog("Rex", "lab"), Puppy("Bit", "pug"), Cat("Tom")]
for a in animals:
    print(a.describe(), a.sounds)
p = animals[2]
print(p.breed, p.kind, isinstance(p, Puppy), isinstance(p, Dog), isinstance(p, Animal), isinstance(p, Cat))
print(isinstance(animals[3], Dog), isinstance(animals[0], Animal), isinstance(True, int), isinstance(1, bool))
print(isinstance(1.0, float), isinstance("s", str), isinstance([], list), isinstance((), tuple), isinstance({}, dict))
print(isinstance(None, int), isinstance(3, float), isinstance(3, bool))
Animal.kind = "creature"
print(animals[0].kind, animals[3].kind, animals[1].kind)

class Base:
    def __init__(self):
        self.log = ["Base"]

    def hello(self):
        return "base hello"

class Mid(Base):
    def __init__(self):
        super().__init__()
        self.log.append("Mid")

class Leaf(Mid):
    def __init__(self, tag):
        super().__init__()
        self.log.append("Leaf " + tag)

    def hello(self):
        return "leaf / " + super().hello()

lf = Leaf("x")
print(lf.log, lf.hello(), Mid().hello())
print(type(lf), type(animals[1]))
