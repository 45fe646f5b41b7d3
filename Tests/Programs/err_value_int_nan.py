# Checks ValueError when converting float nan to int.
print(int(2.5))
print(int(float("nan")))
