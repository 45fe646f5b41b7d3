# Checks AssertionError carrying a computed message.
balance = 100
assert balance >= 0, "balance ok"
print("checked")
balance -= 250
assert balance >= 0, f"balance went negative: {balance}"
