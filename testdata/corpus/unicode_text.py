words = ["café", "naïve", "Straße", "日本語", "emoji 🐍"]
for w in words:
    print(w, len(w), w.upper(), w.encode("utf-8").hex()[:12])
print(sorted(words, key=str.casefold))
