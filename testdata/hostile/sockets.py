# Tries to open network connections.
import socket

for addr in [("127.0.0.1", 22), ("localhost", 80)]:
    try:
        s = socket.create_connection(addr, timeout=1)
        print("CONNECTED", addr)
    except Exception as e:
        print("blocked:", type(e).__name__)
try:
    socket.socket().bind(("0.0.0.0", 8080))
    print("LISTENING")
except Exception as e:
    print("blocked bind:", type(e).__name__)
