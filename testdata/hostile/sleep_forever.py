import time
print("going to sleep", flush=True)
time.sleep(3600)
print("woke up")
