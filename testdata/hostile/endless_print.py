i = 0
while True:
    print("all work and no play", i)
    i += 1
