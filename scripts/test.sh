#!/usr/bin/env bash
# The whole test suite, as CI runs it (`.ci/run` calls this). Needs the Rust toolchain;
# installs what else it needs (the SARIF validator, via npm) on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
# Tools here must not read the caller's terminal or pipe (cargo's rustc probe reads stdin).
exec < /dev/null

# cargo caches its probe of rustc in target/.rustc_info.json. On a busy shared machine the
# probe has been seen to fail spuriously (it reads stray bytes as its input); a failed
# probe is cached too. Retry once with a fresh probe, only for that error.
cargo() {
  local log
  log=$(mktemp)
  local rc=0
  command cargo "$@" 2>"$log" || rc=$?
  cat "$log" >&2
  if [ "$rc" = 0 ]; then rm -f "$log"; return 0; fi
  if grep -q "failed to run \`rustc\` to learn about target-specific information" "$log"; then
    rm -f "$log" target/.rustc_info.json
    echo "(retrying after a spurious rustc probe failure)" >&2
    command cargo "$@"
    return
  fi
  rm -f "$log"
  return 1
}

echo "== format"
cargo fmt --all -- --check
echo "== lints"
cargo clippy --all-targets --locked -- -D warnings
echo "== tests"
cargo test --locked

echo "== self-scan (dogfooding, with the committed picket.toml)"
cargo build --locked --quiet
mkdir -p target/picket-ci
target/debug/picket scan . --format sarif --output target/picket-ci/self-scan.sarif
target/debug/picket scan . --quiet

echo "== SARIF validation (schema, SARIF rules, GitHub ingestion rules)"
# tests/cli.rs writes the SARIF of its fixture scans here.
scripts/validate-sarif.sh target/picket-ci/*.sarif
echo "== pre-commit hook, end to end"
scripts/test-pre-commit.sh

echo "== all green"
