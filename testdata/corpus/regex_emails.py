import re

text = """Contact alice@example.com or bob.smith@mail.example.org.
Invalid: not-an-email@, @nope.com. Phone: +1 (555) 010-9999."""

emails = re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)
print(emails)
phone = re.search(r"\+(\d+) \((\d{3})\) (\d{3})-(\d{4})", text)
print(phone.groups())
print(re.sub(r"(\w+)@(\w+)", r"\2 at \1", "user@host"))
