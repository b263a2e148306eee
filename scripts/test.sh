#!/usr/bin/env bash
# The whole test suite, as CI runs it (`.ci/run` calls this). Needs the Rust toolchain;
# installs what else it needs (the SARIF validator, via npm) on first use.
set -euo pipefail
cd "$(dirname "$0")/.."

# `picket db update` (and its test against a local server) downloads through curl.
if ! command -v curl >/dev/null; then
  echo "== installing curl"
  if [ "$(id -u)" = 0 ]; then apt-get install -y curl; else sudo apt-get install -y curl; fi
fi

echo "== format"
cargo fmt --all -- --check
cargo fmt --manifest-path fuzz/Cargo.toml -- --check
echo "== lints"
cargo clippy --all-targets --locked -- -D warnings
echo "== tests"
cargo test --locked

echo "== fuzz targets build (stable; running them needs nightly, see fuzz/README.md)"
cargo check --manifest-path fuzz/Cargo.toml --locked --bins

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
