# A memory bomb. Each instance has its own memory cap: growth past it is
# refused, CPython raises MemoryError, and your machine never notices.
hoard = []
while True:
    hoard.append(bytearray(16 * 1024 * 1024))
    print(f"holding {len(hoard) * 16} MiB")
