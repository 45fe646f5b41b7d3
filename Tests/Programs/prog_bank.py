# Realistic: small bank-account class hierarchy with overrides, super() and class attributes.
class Account:
    bank_name = "TierBank"
    next_id = 1

    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.history = []
        self.id = Account.next_id
        Account.next_id += 1

    def deposit(self, amount):
        if amount <= 0:
            return False
        self.balance += amount
        self.history.append(("dep", amount))
        return True

    def withdraw(self, amount):
        if amount > self.balance:
            self.history.append(("fail", amount))
            return False
        self.balance -= amount
        self.history.append(("wd", amount))
        return True

    def month_end(self):
        pass

    def __str__(self):
        return f"#{self.id} {self.owner:<6} {self.balance:>10.2f}"

    def __repr__(self):
        return f"Account({self.owner!r}, {self.balance!r})"

class Savings(Account):
    rate = 0.02

    def month_end(self):
        interest = round(self.balance * self.rate, 2)
        self.deposit(interest)

class Checking(Account):
    def __init__(self, owner, balance=0, overdraft=100):
        super().__init__(owner, balance)
        self.overdraft = overdraft

    def withdraw(self, amount):
        if amount > self.balance + self.overdraft:
            self.history.append(("fail", amount))
            return False
        self.balance -= amount
        self.history.append(("wd", amount))
        return True

    def month_end(self):
        if self.balance < 0:
            self.balance -= 15
            self.history.append(("fee", 15))

accounts = [Savings("ann", 1000), Checking("bob", 50), Account("cy")]
print(accounts[0].withdraw(200), accounts[1].withdraw(120), accounts[1].withdraw(100), accounts[2].deposit(-5))
print(accounts[2].deposit(75.5), accounts[0].deposit(0.1))
for month in range(3):
    for acct in accounts:
        acct.month_end()
for acct in accounts:
    print(acct)
    print("  ", acct.history)
print(accounts)
total = sum([a.balance for a in accounts])
print(f"{Account.bank_name} total: {total:,.2f} across {Account.next_id - 1} accounts")
print(isinstance(accounts[0], Account), isinstance(accounts[1], Savings))
for acct in accounts:
    if acct.balance < 0:
        print(f"account {acct.id} overdrawn by {-acct.balance}")
