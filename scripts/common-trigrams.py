#!/usr/bin/env python3
"""Writes src/checks/secrets/trigrams.txt: the most common case-folded three-byte sequences
of source trees, most common first, one per line in hex.

The secrets keyword pass anchors each keyword on its rarest trigram (`keywords.rs`), so
that positions worth a closer look stay rare. Regenerate after large keyword changes:
    scripts/common-trigrams.py ~/.cargo/registry/src /usr/lib/python3.11 /usr/lib/node_modules
Each tree contributes the same number of bytes so no one language dominates.
"""
import collections
import os
import sys

PER_TREE = 15_000_000
KEEP = 8192
SKIP = {".git", "target", "__pycache__"}

counts = collections.Counter()
for tree in sys.argv[1:]:
    taken = 0
    for root, dirs, files in os.walk(tree):
        dirs[:] = sorted(d for d in dirs if d not in SKIP)
        for name in sorted(files):
            try:
                with open(os.path.join(root, name), "rb") as f:
                    data = f.read(1 << 20)
            except OSError:
                continue
            if b"\0" in data[:8000]:
                continue
            folded = bytes(b | 0x20 for b in data)
            counts.update(folded[i : i + 3] for i in range(len(folded) - 2))
            taken += len(data)
            if taken >= PER_TREE:
                break
        if taken >= PER_TREE:
            break
    print(f"{tree}: {taken} bytes", file=sys.stderr)

out = os.path.join(os.path.dirname(__file__), "..", "src", "checks", "secrets", "trigrams.txt")
with open(out, "w") as f:
    for t, _ in counts.most_common(KEEP):
        f.write(t.hex() + "\n")
