#!/usr/bin/env bash
# The whole test suite, as CI runs it (`.ci/run` calls this). Needs the Rust toolchain;
# installs what else it needs (the SARIF validator, via npm) on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
# Tools here must not read the caller's terminal or pipe (cargo's rustc probe reads stdin).
exec < /dev/null

# On this project's shared build machines cargo's probe of rustc (`rustc - --print=...`)
# has failed on fresh target directories, parsing stray compiler output as its input, and
# cargo caches the failed probe in target/.rustc_info.json. Retry such a step (only for
# that error) after dropping the cache; by then the build scripts have run.
cargo() {
  local log attempt rc
  log=$(mktemp)
  for attempt in 1 2 3; do
    rc=0
    command cargo "$@" 2>"$log" || rc=$?
    cat "$log" >&2
    if [ "$rc" = 0 ] || ! grep -q "failed to run \`rustc\` to learn about target-specific information" "$log"; then
      rm -f "$log"
      return "$rc"
    fi
    rm -f target/.rustc_info.json
    echo "(attempt $attempt: spurious rustc probe failure; retrying)" >&2
    sleep 2
  done
  rm -f "$log"
  return 1
}

echo "== format"
cargo fmt --all -- --check
echo "== lints"
cargo clippy --all-targets --locked -- -D warnings
echo "== tests"
cargo test --locked --no-run
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
