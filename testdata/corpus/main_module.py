# The snippet is the __main__ module, as with `python3 file.py`.
import __main__
import pickle
import sys


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y


print(__name__, __main__.__dict__ is globals(), sys.modules["__main__"] is __main__)
print(sorted(name for name in vars(__main__) if name.startswith("__")))
copy = pickle.loads(pickle.dumps(Point(2, 3)))
print(type(copy).__qualname__, copy.x, copy.y)

if __name__ == "__main__":
    print("run as a script")
