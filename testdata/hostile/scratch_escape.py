# Tries to leave, or overfill, the run's in-memory scratch files: every
# attempt must stay inside them and within their cap.
import os

for path in ["/../../etc/passwd", "../../../etc/hostname", "/tmp/../../root/.bashrc"]:
    try:
        print("READ", open(path).read()[:40])
    except OSError as e:
        print("blocked read:", type(e).__name__)
for make in (lambda: os.symlink("/etc/passwd", "link"), lambda: os.link("/snippet/main.py", "hard")):
    try:
        make()
        print("LINKED")
    except OSError as e:
        print("blocked link:", type(e).__name__)
try:
    with open("huge", "wb") as f:
        while True:
            f.write(b"x" * (1 << 20))
except OSError as e:
    print("huge file stopped:", type(e).__name__)
os.remove("huge")
made = 0
try:
    while True:
        open(f"f{made}", "w").close()
        made += 1
except OSError as e:
    print("many files stopped:", type(e).__name__, made < 100_000)
for i in range(made):
    os.remove(f"f{i}")
depth = 0
try:
    path = "d"
    while True:
        os.mkdir(path)
        depth += 1
        path += "/d"
except OSError as e:
    print("deep dirs stopped:", type(e).__name__, depth > 10)
