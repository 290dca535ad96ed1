import os
msg = "plain ASCII now"
print(msg)
