# __bool__ must return a bool; __len__ is the fallback for truth.
class Sized:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n


class Wrong:
    def __bool__(self):
        return 1


count = 0
for i in range(500):
    if Sized(i % 3):
        count += 1
print(count, bool(Sized(0)), not Sized(2))
if Wrong():
    print("unreachable")
