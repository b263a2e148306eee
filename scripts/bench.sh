#!/usr/bin/env bash
# Whole-tool speed against the floor of reading every byte: ripgrep over the same tree, in
# the same run (machines here are shared and noisy; only ratios measured together count).
#   - every check, and secrets only, against `rg --count-matches -j2 AKIA TREE`
#   - --threads 2 against --threads 1
#   - peak memory for TREE and for twice the bytes (TREE given twice)
#   - one small file against rg on that file (start-up must stay lazy)
# usage: scripts/bench.sh TREE [RUNS]      needs: rg, hyperfine, /usr/bin/time; builds --release
# The dependency check uses the advisory database picket finds (PICKET_ADVISORY_DB, the cache).
set -euo pipefail
tree=${1:?usage: scripts/bench.sh TREE [RUNS]}
runs=${2:-5}
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
picket=$PWD/target/release/picket
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
files=$(rg --files --hidden "$tree" | wc -l)
bytes=$(rg --files --hidden -0 "$tree" | xargs -0 cat 2>/dev/null | wc -c)
echo "tree: $tree ($files files, $bytes bytes)"
scan="$picket scan --fail-on never --format json"
hyperfine --warmup 1 --runs "$runs" -N --ignore-failure --export-json "$out/h.json" \
  -n rg "rg --count-matches --hidden -j2 AKIA $tree" \
  -n secrets "$scan --checks secrets --threads 2 --output $out/s.json $tree" \
  -n all "$scan --threads 2 --output $out/a.json $tree" \
  -n all-1-thread "$scan --threads 1 --output $out/a1.json $tree" \
  -n secrets-1-thread "$scan --checks secrets --threads 1 --output $out/s1.json $tree" \
  >/dev/null
# One small file: the cost of starting up, which a pre-commit hook pays on every commit.
small=$(rg --files "$tree" -g '*.py' -g '*.rs' -g '*.yaml' | head -1)
hyperfine --warmup 3 --runs 30 -N --ignore-failure --export-json "$out/one.json" \
  -n rg-one "rg --count-matches AKIA $small" \
  -n picket-one "$scan --output $out/o.json $small" >/dev/null
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
rss1=$(rss $scan --threads 2 --output $out/m1.json "$tree")
rss2=$(rss $scan --threads 2 --output $out/m2.json "$tree" "$tree")
python3 - "$out" "$bytes" "$rss1" "$rss2" "$small" <<'PY'
import json, sys
out, b, rss1, rss2, small = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
r = {x["command"]: x for x in json.load(open(f"{out}/h.json"))["results"]}
base = r["rg"]["median"]
for name in ["rg", "secrets", "all", "secrets-1-thread", "all-1-thread"]:
    m = r[name]["median"]
    print(f"{name:>17}: median {m:.3f}s  {b / m / 1e6:7.1f} MB/s  ratio to rg {m / base:.2f}x")
print(f"threads 2 vs 1: secrets {r['secrets-1-thread']['median'] / r['secrets']['median']:.2f}x faster, "
      f"all {r['all-1-thread']['median'] / r['all']['median']:.2f}x faster")
o = {x["command"]: x for x in json.load(open(f"{out}/one.json"))["results"]}
print(f"one file ({small}): rg {o['rg-one']['median'] * 1000:.1f} ms, picket {o['picket-one']['median'] * 1000:.1f} ms, "
      f"ratio {o['picket-one']['median'] / o['rg-one']['median']:.2f}x")
print(f"peak RSS: tree {rss1 / 1024:.1f} MiB, twice the bytes {rss2 / 1024:.1f} MiB (+{100 * (rss2 - rss1) / rss1:.0f}%)")
PY
