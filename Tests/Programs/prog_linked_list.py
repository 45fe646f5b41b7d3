# Realistic: singly linked list class with push, append, reverse, remove and __str__.
class Node:
    def __init__(self, value, next=None):
        self.value = value
        self.next = next

class LinkedList:
    def __init__(self):
        self.head = None
        self.size = 0

    def push(self, value):
        self.head = Node(value, self.head)
        self.size += 1

    def append(self, value):
        node = Node(value)
        if self.head is None:
            self.head = node
        else:
            cur = self.head
            while cur.next is not None:
                cur = cur.next
            cur.next = node
        self.size += 1

    def reverse(self):
        prev = None
        cur = self.head
        while cur:
            cur.next, prev, cur = prev, cur, cur.next
        self.head = prev

    def remove(self, value):
        prev = None
        cur = self.head
        while cur is not None:
            if cur.value == value:
                if prev is None:
                    self.head = cur.next
                else:
                    prev.next = cur.next
                self.size -= 1
                return True
            prev, cur = cur, cur.next
        return False

    def to_list(self):
        out = []
        cur = self.head
        while cur:
            out.append(cur.value)
            cur = cur.next
        return out

    def __str__(self):
        return " -> ".join([repr(v) for v in self.to_list()]) or "(empty)"

ll = LinkedList()
print(ll, ll.size)
for v in [3, 1, 4]:
    ll.append(v)
ll.push("head")
print(ll, ll.size)
ll.reverse()
print(ll)
print(ll.remove(1), ll.remove(99), ll.remove(4), ll)
ll.reverse()
print(ll, ll.size, ll.to_list())
big = LinkedList()
for i in range(500):
    big.push(i)
big.reverse()
print(big.size, big.to_list()[:5], big.to_list()[-3:])
