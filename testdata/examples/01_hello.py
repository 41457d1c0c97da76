# Hello from a sandbox. This Python runs in WebAssembly, not on your machine.
import sys

print("Hello from", sys.platform, sys.version.split()[0])
print("The only file I can see:", __file__)
