#!/usr/bin/env bash
# Validates SARIF files with Microsoft's SARIF Multitool against the SARIF 2.1.0 schema, the
# SARIF rules and GitHub code scanning's ingestion rules (GHxxxx). The multitool exits 0
# even on invalid input, so its result log is read here and any error-level result fails.
# Installs the multitool with npm into $SARIF_TOOL_DIR (default ~/.cache/picket-sarif).
# usage: scripts/validate-sarif.sh FILE.sarif [...]
set -euo pipefail
dir=${SARIF_TOOL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/picket-sarif}
if [ ! -d "$dir/node_modules/@microsoft/sarif-multitool" ]; then
  mkdir -p "$dir"
  npm install --silent --no-audit --no-fund --prefix "$dir" @microsoft/sarif-multitool@5.7.0 >/dev/null
fi
bin=$(find "$dir/node_modules" -name Sarif.Multitool -type f | head -n 1)
[ -x "$bin" ] || chmod +x "$bin"
status=0
for f in "$@"; do
  log=$(mktemp --suffix=.sarif)
  "$bin" validate --rule-kind "Sarif;Gh" "$f" -o "$log" --log ForceOverwrite >/dev/null 2>&1 || true
  python3 - "$f" "$log" <<'PY' || status=1
import json, sys
name, log = sys.argv[1], sys.argv[2]
try:
    results = [r for run in json.load(open(log))["runs"] for r in run.get("results", [])]
except Exception as e:
    print(f"{name}: the validator wrote no readable log ({e})"); sys.exit(1)
errors = [r for r in results if r.get("level") == "error"]
for r in results:
    m = r.get("message", {})
    print(f"  {r.get('level', 'warning')} {r['ruleId']}: {m.get('text') or ', '.join(m.get('arguments', []))}")
print(f"{name}: {'INVALID' if errors else 'valid'} ({len(errors)} errors, {len(results) - len(errors)} other results)")
sys.exit(1 if errors else 0)
PY
  rm -f "$log"
done
exit $status
