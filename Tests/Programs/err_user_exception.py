# Checks raising a user-defined exception class deriving from Exception.
class InsufficientFunds(Exception):
    pass

def withdraw(balance, amount):
    if amount > balance:
        raise InsufficientFunds(f"need {amount - balance} more")
    return balance - amount

b = withdraw(100, 30)
print("balance", b)
b = withdraw(b, 500)
print("unreachable")
