#!/usr/bin/env bash
# Whole-tool speed against the floor of reading every byte: ripgrep over the same tree, in
# the same run (machines here are shared and noisy; only ratios measured together count).
# usage: scripts/bench.sh TREE [RUNS]      needs: rg, hyperfine; builds picket --release
set -euo pipefail
tree=${1:?usage: scripts/bench.sh TREE [RUNS]}
runs=${2:-5}
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
picket=$PWD/target/release/picket
out=$(mktemp -d)
files=$(rg --files --hidden "$tree" | wc -l)
bytes=$(rg --files --hidden -0 "$tree" | xargs -0 cat 2>/dev/null | wc -c)
echo "tree: $tree ($files files, $bytes bytes)"
hyperfine --warmup 1 --runs "$runs" -N --ignore-failure --export-json "$out/h.json" \
  -n rg "rg --count-matches --hidden -j2 AKIA $tree" \
  -n secrets "$picket scan --checks secrets --threads 2 --fail-on never --format json --output $out/s.json $tree" \
  -n all "$picket scan --threads 2 --fail-on never --format json --output $out/a.json $tree" \
  -n secrets-1-thread "$picket scan --checks secrets --threads 1 --fail-on never --format json --output $out/s1.json $tree" \
  >/dev/null
python3 - "$out/h.json" "$bytes" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
b = int(sys.argv[2])
base = r["rg"]["median"]
for name in ["rg", "secrets", "all", "secrets-1-thread"]:
    m = r[name]["median"]
    print(f"{name:>17}: median {m:.3f}s  {b / m / 1e6:7.1f} MB/s  ratio to rg {m / base:.2f}x")
print(f"threads 2 vs 1 (secrets): {r['secrets-1-thread']['median'] / r['secrets']['median']:.2f}x faster")
PY
rm -rf "$out"
