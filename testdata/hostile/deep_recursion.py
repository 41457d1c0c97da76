import sys
sys.setrecursionlimit(1_000_000)


def down(n):
    return down(n + 1) + 1


down(0)
