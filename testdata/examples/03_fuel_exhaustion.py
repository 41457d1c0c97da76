# An endless loop. Fuel counts every WebAssembly instruction: watch the gauge
# fill, then the run stops with "fuel exhausted". Nothing else would stop it
# until the timeout.
n = 0
while True:
    n += 1
    if n % 20_000 == 0:
        print("still going:", n)
