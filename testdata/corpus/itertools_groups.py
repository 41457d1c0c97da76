from itertools import groupby, accumulate, combinations
from collections import defaultdict

orders = [("alice", 30), ("bob", 12), ("alice", 5), ("carol", 40), ("bob", 8)]
totals = defaultdict(int)
for who, amount in orders:
    totals[who] += amount
print(dict(sorted(totals.items())))
for key, group in groupby(sorted(orders), key=lambda o: o[0]):
    print(key, [amount for _, amount in group])
print(list(accumulate([1, 2, 3, 4])))
print(list(combinations("abc", 2)))
