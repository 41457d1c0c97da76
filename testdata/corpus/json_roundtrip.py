import json

payload = '{"users": [{"name": "Ada", "langs": ["python", "go"]}, {"name": "Linus", "langs": ["c"]}]}'
data = json.loads(payload)
for user in data["users"]:
    print(user["name"], "knows", len(user["langs"]), "language(s)")
data["users"].sort(key=lambda u: u["name"], reverse=True)
print(json.dumps(data, indent=2, sort_keys=True))
