#!/usr/bin/env python3
"""Compares picket's GitHub Actions findings with zizmor's on a folder of workflows.

usage: scripts/eval-actions.py PICKET_BIN [EVAL_DIR]   (default ../shared/eval/workflows)

EVAL_DIR holds `files/` and `zizmor-findings.json` (one row per finding: file, ident, line,
end_line). For every zizmor audit a picket rule names as an equivalent, a zizmor finding
matches a picket finding of that rule in the same file whose line lies in [line, end_line].
"""
import collections, json, os, shutil, subprocess, sys, tempfile

binary = sys.argv[1]
root = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "eval", "workflows")
rules = json.loads(subprocess.run([binary, "rules", "--format", "json"], check=True, capture_output=True, text=True).stdout)
to_z = {r["id"]: {e.split(":", 1)[1] for e in r.get("equivalents", []) if e.startswith("zizmor:")} for r in rules}
claimed = set().union(*to_z.values())
tmp = tempfile.mkdtemp()
wf = os.path.join(tmp, ".github", "workflows")
os.makedirs(wf)
for name in os.listdir(os.path.join(root, "files")):
    shutil.copy(os.path.join(root, "files", name), os.path.join(wf, name))
out = subprocess.run([binary, "scan", "--checks", "config", "--min-severity", "info", "--format", "json",
                      "--fail-on", "never", "--quiet", tmp], capture_output=True, text=True, check=True)
shutil.rmtree(tmp)
ours = collections.defaultdict(list)
errors = []
for f in json.loads(out.stdout)["findings"]:
    name = f["path"].rsplit("/", 1)[-1]
    if f["rule_id"] == "config/parse-error":
        errors.append((name, f["line"], f["message"]))
    for z in to_z.get(f["rule_id"], ()):
        ours[(z, name)].append(f["line"])
theirs = collections.defaultdict(list)
for x in json.load(open(os.path.join(root, "zizmor-findings.json"))):
    if x["ident"] in claimed and not x.get("ignored"):
        theirs[(x["ident"], x["file"])].append((x["line"], x.get("end_line") or x["line"]))
stats = collections.defaultdict(lambda: [0, 0, 0])
for key in set(ours) | set(theirs):
    a, b = list(ours.get(key, [])), theirs.get(key, [])
    for lo, hi in b:
        hit = next((l for l in a if lo <= l <= hi), None)
        if hit is None:
            stats[key[0]][1] += 1
        else:
            a.remove(hit)
            stats[key[0]][0] += 1
    stats[key[0]][2] += len(a)
print(f"{'audit':24} {'both':>5} {'zizmor only':>12} {'picket only':>12} {'recall':>7} {'precision':>9}")
for z in sorted(stats):
    both, oz, op = stats[z]
    print(f"{z:24} {both:5} {oz:12} {op:12} {both/max(both+oz,1):7.1%} {both/max(both+op,1):9.1%}")
print(f"files: {len(os.listdir(os.path.join(root, 'files')))}, picket parse errors: {len(errors)}", *errors, sep="\n  ")
