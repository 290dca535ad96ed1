import os
msg = “it’s a well‑known – fact”  # non‐breaking space
print(msg)
