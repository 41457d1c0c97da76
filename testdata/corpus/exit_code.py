import sys

print("checking input...")
print("no input file given", file=sys.stderr)
sys.exit(3)
