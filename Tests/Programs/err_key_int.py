# Checks KeyError message with an int key.
squares = {}
for i in range(5):
    squares[i] = i * i
print(squares)
print(squares[42])
