# Deep recursion. CPython's recursion limit stops it with RecursionError
# long before the WebAssembly stack runs out.
def depth(n):
    return depth(n + 1)


depth(0)
