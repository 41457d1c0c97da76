# Looks for the host's environment: the guest's is empty.
import os
print(dict(os.environ))
print(os.environ.get("PYPLAY_TEST_SECRET", "no secret"))
