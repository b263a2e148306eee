#!/usr/bin/env bash
# `picket scan --history` on a repository with thousands of commits: blobs, bytes, wall
# time and peak memory. With no argument, builds one: real source files (Python's standard
# library) edited over N commits (default 3000).
# usage: scripts/bench-history.sh [REPO] [COMMITS]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
picket=$PWD/target/release/picket
repo=${1:-}
if [ -z "$repo" ]; then
  commits=${2:-3000}
  repo=$(mktemp -d)/history
  src=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
  mkdir -p "$repo" && cd "$repo"
  git init -q && git config user.email bench@example.com && git config user.name bench
  mapfile -t files < <(find "$src" -maxdepth 1 -name '*.py' | sort | head -n 400)
  # One commit per step, each adding or editing one real file: content of fast-import.
  python3 - "$commits" "${files[@]}" <<'PY' | git fast-import --quiet
import sys, os
n = int(sys.argv[1]); files = sys.argv[2:]
mark = 0
for i in range(n):
    f = files[i % len(files)]
    data = open(f, "rb").read() + f"\n# revision {i}\n".encode()
    path = "lib/" + os.path.basename(f)
    msg = f"edit {path} ({i})".encode()
    sys.stdout.buffer.write(b"commit refs/heads/main\n")
    sys.stdout.buffer.write(f"committer bench <bench@example.com> {1700000000 + i * 60} +0000\n".encode())
    sys.stdout.buffer.write(b"data %d\n%s\n" % (len(msg), msg))
    sys.stdout.buffer.write(b"M 100644 inline %s\ndata %d\n" % (path.encode(), len(data)) + data + b"\n")
PY
  cd - >/dev/null
fi
echo "repository: $repo ($(git -C "$repo" rev-list --all --count) commits)"
# Peak RSS includes the pages of the memory-mapped pack files that were read.
( cd "$repo" && /usr/bin/time -f "wall %es, peak RSS %MKB" "$picket" scan --history --fail-on never --color never 2>&1 | tail -n 3 )
