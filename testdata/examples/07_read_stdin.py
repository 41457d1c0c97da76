# Reads standard input. Type some lines into the stdin pane, then run.
import sys

lines = sys.stdin.read().splitlines()
print(f"{len(lines)} line(s) on stdin")
for i, line in enumerate(lines, 1):
    print(f"{i:>3}: {line[::-1]}")
