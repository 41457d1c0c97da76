# Tries to start host processes.
import os
import subprocess

try:
    subprocess.run(["sh", "-c", "touch /tmp/pyplay-hostile-spawn"])
    print("SPAWNED")
except OSError as e:
    print("blocked:", type(e).__name__)
print("has os.system:", hasattr(os, "system"), "has os.fork:", hasattr(os, "fork"))
