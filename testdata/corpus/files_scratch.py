# Writing files and reading them back, as LLM answers do: the working
# directory and /tmp are a per-run, in-memory file system.
import csv
import json
import os
import shutil
import tempfile
from pathlib import Path

rows = [{"name": "ada", "score": 3}, {"name": "bo", "score": 5}]
with open("scores.csv", "w", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=["name", "score"])
    writer.writeheader()
    writer.writerows(rows)
with open("scores.csv", newline="") as f:
    print([dict(r) for r in csv.DictReader(f)])

Path("out/nested").mkdir(parents=True, exist_ok=True)
Path("out/nested/data.json").write_text(json.dumps(rows))
print(json.loads(Path("out/nested/data.json").read_text())[1])
print(sorted(p.name for p in Path("out").rglob("*")))

with open("log.txt", "a") as f:
    f.write("one\n")
with open("log.txt", "a") as f:
    f.write("two\n")
print(open("log.txt").read().split())

with tempfile.TemporaryDirectory() as tmp:
    target = os.path.join(tmp, "copy.csv")
    shutil.copy("scores.csv", target)
    print(os.path.getsize(target) == os.path.getsize("scores.csv"))
with tempfile.NamedTemporaryFile("w+") as t:
    t.write("scratch")
    t.seek(0)
    print(t.read())

os.rename("log.txt", "log.old")
shutil.rmtree("out")
os.remove("scores.csv")
print(sorted(n for n in os.listdir(".") if n in {"log.old", "out", "scores.csv"}))
