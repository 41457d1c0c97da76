def primes_below(n):
    sieve = bytearray([1]) * n
    sieve[0:2] = b"\x00\x00"
    for i in range(2, int(n ** 0.5) + 1):
        if sieve[i]:
            sieve[i * i :: i] = bytearray(len(range(i * i, n, i)))
    return [i for i, is_prime in enumerate(sieve) if is_prime]


primes = primes_below(10_000)
print(len(primes), "primes below 10,000; the last five:", primes[-5:])
