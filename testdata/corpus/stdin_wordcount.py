import sys
from collections import Counter

text = sys.stdin.read()
words = [w.strip(".,!?").lower() for w in text.split()]
for word, n in Counter(words).most_common(3):
    print(word, n)
print("lines:", len(text.splitlines()))
