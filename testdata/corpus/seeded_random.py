import random

rng = random.Random(42)
print([rng.randint(1, 6) for _ in range(10)])
deck = list(range(10))
rng.shuffle(deck)
print(deck)
