# Tries to write, delete and rename on the host. Writes outside /snippet
# land in the run's in-memory scratch files, which the host never sees (the
# test checks that the files are not on the host); /snippet stays read-only.
import os

for path in ["/tmp/pyplay-hostile-write.txt", "pyplay-hostile-write.txt"]:
    with open(path, "w") as f:
        f.write("pwned")
    print("scratch wrote", path)
os.mkdir("/tmp/pyplay-hostile-dir")
print("scratch mkdir")
for path in ["/snippet/main.py", "/snippet/new.py"]:
    try:
        with open(path, "w") as f:
            f.write("pwned")
        print("WROTE", path)
    except OSError as e:
        print("blocked write:", type(e).__name__)
for action in (lambda: os.remove("/snippet/main.py"), lambda: os.rename("/snippet/main.py", "/snippet/x.py"),
               lambda: os.rename("/snippet/main.py", "/tmp/x.py")):
    try:
        action()
        print("CHANGED the file system")
    except OSError as e:
        print("blocked:", type(e).__name__)
