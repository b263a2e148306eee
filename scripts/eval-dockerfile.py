#!/usr/bin/env python3
"""Compares picket's Dockerfile findings with hadolint's on a folder of Dockerfiles.

usage: scripts/eval-dockerfile.py PICKET_BIN EVAL_DIR [--show RULE]

EVAL_DIR holds `files/` and `hadolint.json` (hadolint's findings per file, as produced by
`hadolint -f json`). For every hadolint rule that a picket rule names as an equivalent,
findings are matched by file and line. Prints per-rule recall (hadolint findings picket
also reports) and precision (picket findings hadolint also reports).
"""
import collections, json, os, shutil, subprocess, sys, tempfile

def main():
    binary, root = sys.argv[1], sys.argv[2]
    show = sys.argv[sys.argv.index("--show") + 1] if "--show" in sys.argv else None
    rules = json.loads(subprocess.run([binary, "rules", "--format", "json"], check=True,
                                      capture_output=True, text=True).stdout)
    to_dl = collections.defaultdict(set)
    for r in rules:
        for e in r.get("equivalents", []):
            if e.startswith("hadolint:"):
                to_dl[r["id"]].add(e.split(":", 1)[1])
    claimed = set().union(*to_dl.values())
    theirs = json.load(open(os.path.join(root, "hadolint.json")))
    files = os.path.join(root, "files")
    # The eval names files `<repo>__<path>`; give each its own folder and a Dockerfile name.
    tmp = tempfile.mkdtemp()
    for name in os.listdir(files):
        os.mkdir(os.path.join(tmp, name))
        shutil.copy(os.path.join(files, name), os.path.join(tmp, name, "Dockerfile"))
    out = subprocess.run([binary, "scan", "--checks", "dockerfile", "--min-severity", "info",
                          "--format", "json", "--fail-on", "never", "--quiet", tmp],
                         capture_output=True, text=True)
    shutil.rmtree(tmp)
    report = json.loads(out.stdout)
    ours = collections.defaultdict(set)  # (dl, file) -> lines
    parse_errors = []
    for f in report["findings"]:
        name = f["path"].split("/")[-2]
        if f["rule_id"] == "dockerfile/parse-error":
            parse_errors.append((name, f["line"], f["message"]))
        for dl in to_dl.get(f["rule_id"], ()):
            ours[(dl, name)].add(f["line"])
    # Where hadolint's own parser gave up it reports nothing else: compare only the rest.
    hadolint_failed = sorted(n for n, items in theirs.items()
                             if items and all(x["code"] == "DL1000" for x in items))
    for n in hadolint_failed:
        theirs[n] = [x for x in theirs[n] if x["code"] == "DL1000"]
    ours = {k: v for k, v in ours.items() if k[1] not in hadolint_failed or k[0] == "DL1000"}
    hl = collections.defaultdict(set)
    for name, items in theirs.items():
        for x in items:
            if x["code"] in claimed:
                hl[(x["code"], name)].add(x["line"])
    stats = collections.defaultdict(lambda: [0, 0, 0])  # both, only hadolint, only picket
    for key in set(ours) | set(hl):
        dl, name = key
        a, b = ours.get(key, set()), hl.get(key, set())
        stats[dl][0] += len(a & b)
        stats[dl][1] += len(b - a)
        stats[dl][2] += len(a - b)
        if show == dl:
            for l in sorted(b - a):
                print(f"  missed {name}:{l}")
            for l in sorted(a - b):
                print(f"  extra  {name}:{l}")
    tb = th = tp = 0
    print(f"{'rule':8} {'both':>5} {'hadolint only':>14} {'picket only':>12} {'recall':>7} {'precision':>9}")
    for dl in sorted(stats):
        both, oh, op = stats[dl]
        tb, th, tp = tb + both, th + oh, tp + op
        rec = both / (both + oh) if both + oh else 1
        pre = both / (both + op) if both + op else 1
        print(f"{dl:8} {both:5} {oh:14} {op:12} {rec:7.1%} {pre:9.1%}")
    print(f"{'total':8} {tb:5} {th:14} {tp:12} {tb/(tb+th):7.1%} {tb/(tb+tp):9.1%}")
    print(f"files: {len(os.listdir(files))}, picket parse errors: {len(parse_errors)}, "
          f"files hadolint could not parse (left out): {len(hadolint_failed)}")
    for n in hadolint_failed:
        print("  hadolint could not parse", n)
    for e in parse_errors:
        print("  parse error", *e)

main()
