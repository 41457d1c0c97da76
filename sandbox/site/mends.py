# Mends for what this python.wasm build lacks or gets wrong, run once by the
# start-up that builds the snapshot (inserted into sitecustomize.py), so
# every run has them. Each is checked against native CPython 3.12 by a test.
def mend():
    import sys

    # asyncio's event loop made a self-pipe with socket.socketpair(), which
    # WASI does not have, so asyncio.run always failed. The pipe only wakes
    # a loop from another thread or a signal handler; a guest has neither.
    from asyncio import selector_events

    def nopipe(self):
        self._ssock = self._csock = None

    selector_events.BaseSelectorEventLoop._make_self_pipe = nopipe
    selector_events.BaseSelectorEventLoop._close_self_pipe = nopipe
    selector_events.BaseSelectorEventLoop._write_to_self = lambda self: None

    # time.process_time() read wasi-libc's times(), which counts
    # nanoseconds, as 1/100 s ticks: 10^7 times too large.
    import time

    def process_time_ns(ns=time.process_time_ns):
        return ns() // 10_000_000

    def process_time(ns=process_time_ns):
        return ns() / 1e9

    time.process_time_ns, time.process_time = process_time_ns, process_time

    # hashlib.pbkdf2_hmac comes from OpenSSL, which this build has not, and
    # 3.12 dropped the pure-Python one: this is CPython 3.11's.
    import hashlib

    if not hasattr(hashlib, "pbkdf2_hmac"):
        trans_5c = bytes((x ^ 0x5C) for x in range(256))
        trans_36 = bytes((x ^ 0x36) for x in range(256))

        def pbkdf2_hmac(hash_name, password, salt, iterations, dklen=None):
            """Password based key derivation function 2 (PKCS #5 v2.0)"""
            if not isinstance(hash_name, str):
                raise TypeError(hash_name)
            if not isinstance(password, (bytes, bytearray)):
                password = bytes(memoryview(password))
            if not isinstance(salt, (bytes, bytearray)):
                salt = bytes(memoryview(salt))
            inner = hashlib.new(hash_name)
            outer = hashlib.new(hash_name)
            blocksize = getattr(inner, "block_size", 64)
            if len(password) > blocksize:
                password = hashlib.new(hash_name, password).digest()
            password = password + b"\x00" * (blocksize - len(password))
            inner.update(password.translate(trans_36))
            outer.update(password.translate(trans_5c))

            def prf(msg, inner=inner, outer=outer):
                icpy = inner.copy()
                ocpy = outer.copy()
                icpy.update(msg)
                ocpy.update(icpy.digest())
                return ocpy.digest()

            if iterations < 1:
                raise ValueError(iterations)
            if dklen is None:
                dklen = outer.digest_size
            if dklen < 1:
                raise ValueError(dklen)
            dkey = b""
            loop = 1
            from_bytes = int.from_bytes
            while len(dkey) < dklen:
                prev = prf(salt + loop.to_bytes(4, "big"))
                rkey = from_bytes(prev, "big")
                for _ in range(iterations - 1):
                    prev = prf(prev)
                    rkey ^= from_bytes(prev, "big")
                loop += 1
                dkey += rkey.to_bytes(inner.digest_size, "big")
            return dkey[:dklen]

        pbkdf2_hmac.__module__ = "hashlib"
        hashlib.pbkdf2_hmac = pbkdf2_hmac
        if "pbkdf2_hmac" not in hashlib.__all__:
            hashlib.__all__ += ("pbkdf2_hmac",)

    # Tracebacks name standard-library files by where this build was made,
    # /wlr/build-staging/python/v3.12.0-aio/checkout/Lib/json/decoder.py:
    # they now say <stdlib>/json/decoder.py. Uncaught exceptions are
    # printed by the traceback module for that, as CPython 3.13 does.
    import traceback

    stdlib = "/wlr/build-staging/python/v3.12.0-aio/checkout/Lib/"
    frame_init = traceback.FrameSummary.__init__

    def short_frame(self, filename, *args, **kwargs):
        if filename.startswith(stdlib):
            filename = "<stdlib>/" + filename[len(stdlib):]
        frame_init(self, filename, *args, **kwargs)

    traceback.FrameSummary.__init__ = short_frame

    def excepthook(exc_type, exc, tb, print_exception=traceback.print_exception):
        print_exception(exc_type, exc, tb)

    sys.excepthook = excepthook


mend()
del mend
