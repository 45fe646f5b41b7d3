# Checks range `in`/count()/index() and sum() over a range while __eq__/__add__ allocate enough to collect.
junk = []


class Eq:
    def __init__(self, target):
        self.target = target

    def __eq__(self, other):
        global junk
        junk = [[i] for i in range(60)]
        return other == self.target

    __hash__ = None


class Acc:
    def __init__(self, total):
        self.total = total

    def __add__(self, other):
        global junk
        junk = [[i] for i in range(60)]
        return Acc(self.total + other)


print(Eq(5999) in range(6000), Eq(-1) in range(3000), range(6000).count(Eq(7)), range(6000).index(Eq(5999)))
print(sum(range(6000), Acc(0)).total, Eq(2**64 + 3) in range(2**64, 2**64 + 3000))
