# Clean-up code that only runs while the interpreter shuts down must still
# run, and its output must still arrive.
import atexit
import weakref


class Resource:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("closed", self.name)


def lines():
    try:
        yield "first"
        yield "second"
    finally:
        print("generator cleaned up")


class Node:
    pass


plain = Resource("plain")
looped = Resource("looped")
looped.me = looped
reader = lines()
print(next(reader))
node = Node()
weakref.finalize(node, print, "finalized node")
atexit.register(print, "atexit handler")
print("no newline at the end", end="")
