#!/usr/bin/env bash
# End-to-end check of .pre-commit-hooks.yaml: installs pre-commit from PyPI into a virtual
# environment, makes a temporary repository whose .pre-commit-config.yaml points at this
# checkout, and expects `pre-commit run` to fail on a staged synthetic token and to pass
# once the file is fixed.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check 'pre-commit>=3,<5'
export PATH="$work/venv/bin:$PATH"
# pre-commit builds picket with `cargo install`; sharing the target directory reuses the
# release build when there is one.
export CARGO_TARGET_DIR="$here/target"
export PRE_COMMIT_HOME="$work/cache"
rev=$(git -C "$here" rev-parse HEAD)

mkdir "$work/repo" && cd "$work/repo"
git init -q
git config user.email test@example.com
git config user.name test
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $here
    rev: $rev
    hooks:
      - id: picket-secrets
YAML
# A synthetic GitHub token with a valid checksum, made here.
token=$(python3 - <<'PY'
import binascii
B = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
body = "Zq4mP0aB7cD9eF1gH2iJ3kL5nO6rS8"
n = binascii.crc32(body.encode()); s = ""
while n:
    n, r = divmod(n, 62); s = B[r] + s
print("ghp_" + body + s.rjust(6, "0"))
PY
)
printf 'TOKEN = "%s"\n' "$token" > settings.py
git add .pre-commit-config.yaml settings.py
if pre-commit run --files settings.py > "$work/out.txt" 2>&1; then
  cat "$work/out.txt"; echo "FAIL: pre-commit passed with a staged token"; exit 1
fi
grep -q "secrets/github-pat-classic" "$work/out.txt" || { cat "$work/out.txt"; echo "FAIL: picket's message is missing"; exit 1; }
if grep -q "$token" "$work/out.txt"; then echo "FAIL: the token was printed"; exit 1; fi
printf 'import os\nTOKEN = os.environ["TOKEN"]\n' > settings.py
git add settings.py
pre-commit run --files settings.py > "$work/out.txt" 2>&1 || { cat "$work/out.txt"; echo "FAIL: pre-commit failed on a fixed file"; exit 1; }
echo "pre-commit hook: fails on a staged token, passes once fixed"
