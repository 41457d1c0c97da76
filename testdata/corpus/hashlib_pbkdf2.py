# Deriving a key from a password, as LLM answers about storing passwords
# do: RFC 6070's PBKDF2-HMAC-SHA1 inputs (some with fewer rounds), and SHA-256.
import hashlib
import hmac

vectors = [
    ("sha1", b"password", b"salt", 1, 20),
    ("sha1", b"password", b"salt", 2, 20),
    ("sha1", b"passwordPASSWORDpassword", b"saltSALTsaltSALTsaltSALTsaltSALTsalt", 20, 25),
    ("sha1", b"pass\0word", b"sa\0lt", 10, 16),
    ("sha256", b"correct horse battery staple", b"\x00" * 16, 50, None),
]
for name, password, salt, rounds, length in vectors:
    print(name, rounds, hashlib.pbkdf2_hmac(name, password, salt, rounds, length).hex())

stored = hashlib.pbkdf2_hmac("sha256", b"hunter2", b"pepper", 30)
print("match:", hmac.compare_digest(stored, hashlib.pbkdf2_hmac("sha256", b"hunter2", b"pepper", 30)))
print("long password:", hashlib.pbkdf2_hmac("sha512", b"x" * 200, b"s", 3).hex()[:32])
