# Tries to write, delete and rename on the host: every attempt must fail.
import os

for path in ["/tmp/pyplay-hostile-write.txt", "pyplay-hostile-write.txt", "/snippet/main.py", "/snippet/new.py"]:
    try:
        with open(path, "w") as f:
            f.write("pwned")
        print("WROTE", path)
    except OSError as e:
        print("blocked write:", type(e).__name__)
for action in (lambda: os.remove("/snippet/main.py"), lambda: os.mkdir("/tmp/pyplay-hostile-dir"),
               lambda: os.rename("/snippet/main.py", "/snippet/x.py")):
    try:
        action()
        print("CHANGED the file system")
    except OSError as e:
        print("blocked:", type(e).__name__)
