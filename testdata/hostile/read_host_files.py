# Tries to read the host's files: every attempt must fail. "/" and "." are
# the run's in-memory scratch files, which start with an empty /tmp only.
import os

targets = ["/etc/passwd", "../../../../etc/passwd", "/proc/self/environ",
           os.path.expanduser("~/.ssh/id_rsa"), "/root/.bash_history", "C:\\Windows\\win.ini"]
for path in targets:
    try:
        with open(path) as f:
            print("READ", path, f.read(40))
    except OSError as e:
        print("blocked:", type(e).__name__)
for d in ["/", "."]:
    names = os.listdir(d)
    print("scratch root" if names == ["tmp"] else f"LISTED {d} {names}")
for d in ["..", "/etc", "/home"]:
    try:
        print("LISTED", d, os.listdir(d))
    except OSError as e:
        print("blocked listdir:", type(e).__name__)
print("visible:", os.listdir("/snippet"))
