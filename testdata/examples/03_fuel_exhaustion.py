# An endless loop. Fuel counts every WebAssembly instruction: this example
# brings a budget of 25G units, so watch the gauge fill for ~5 s, then the
# run stops with "fuel exhausted". Nothing else would stop it until the
# timeout.
n = 0
while True:
    n += 1
    if n % 100_000 == 0:
        print("still going:", n)
