# An attempt to read your files. The sandbox mounts no host directory: the
# guest sees only its own source, read-only.
import os

for path in ["/etc/passwd", os.path.expanduser("~/.ssh/id_rsa"), "../secrets.txt"]:
    try:
        print(open(path).read()[:80])
    except OSError as e:
        print(f"{path}: {type(e).__name__}")
print("environment:", dict(os.environ))
print("visible files:", os.listdir("/snippet"))
