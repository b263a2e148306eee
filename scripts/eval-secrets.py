#!/usr/bin/env python3
"""Detection quality of the secrets check on a folder of examples, one per file
(`positives/` hold one secret each, `negatives/` none).

usage: scripts/eval-secrets.py [EVAL_DIR] [--picket BIN] [--list]
EVAL_DIR defaults to ../shared/eval/secrets. Prints recall on positives, the share of
negatives with any finding, and with --list every miss and every flagged negative."""
import json, os, subprocess, sys

import argparse
ap = argparse.ArgumentParser()
ap.add_argument("eval_dir", nargs="?", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "eval", "secrets"))
ap.add_argument("--picket", default="target/release/picket")
ap.add_argument("--list", action="store_true")
opt = ap.parse_args()
base, picket = opt.eval_dir, opt.picket

def flagged(kind):
    d = os.path.join(base, kind)
    # --min-severity info: the identifier rules (ARNs, bucket names, client IDs) count here.
    out = subprocess.run([picket, "scan", "--format", "json", "--checks", "secrets", "--fail-on", "never", "--min-severity", "info", d],
                         capture_output=True, check=True)
    res = {}
    for f in json.loads(out.stdout)["findings"]:
        res.setdefault(os.path.basename(f["path"]), []).append(f["rule_id"])
    return sorted(os.listdir(d)), res

pos, pres = flagged("positives")
neg, nres = flagged("negatives")
hit = sum(1 for p in pos if p in pres)
fp = sum(1 for n in neg if n in nres)
print(f"positives with a finding: {hit}/{len(pos)} = {100 * hit / len(pos):.1f}%")
print(f"negatives with a finding: {fp}/{len(neg)} = {100 * fp / len(neg):.1f}%")
if opt.list:
    print("\nmissed positives:")
    for p in pos:
        if p not in pres:
            print("  " + p)
    print("\nflagged negatives:")
    for n in neg:
        if n in nres:
            print(f"  {n}: {', '.join(sorted(set(nres[n])))}")
