# Grows memory without bound: must stop at the cap, not eat the host.
chunks = []
while True:
    chunks.append(bytearray(8 * 1024 * 1024))
