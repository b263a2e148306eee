#!/usr/bin/env python3
"""Built-in schemas against SchemaStore's own test files.

usage: scripts/eval-schemas.py PICKET [EVAL_DIR]   (EVAL_DIR defaults to ../shared/eval/schemastore)

Every file under EVAL_DIR/{valid,invalid}/<format>/ is scanned by picket with the matching
built-in schema named in a picket.toml ([[schemas]] files = "<format>/*", schema =
"builtin:<name>"); a file "fails" when picket reports config/schema-violation or
config/parse-error for it. Target: every valid file passes, >= 90% of invalid files fail.
"""
import json, os, shutil, subprocess, sys, tempfile

FORMATS = {
    "github-workflow": "github-workflow",
    "github-action": "github-action",
    "dependabot-2.0": "dependabot",
    "pre-commit-config": "pre-commit-config",
    "kustomization": "kustomization",
}
FAIL_RULES = {"config/schema-violation", "config/parse-error"}


def main():
    picket = os.path.abspath(sys.argv[1])
    root = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "../../shared/eval/schemastore")
    work = tempfile.mkdtemp()
    try:
        toml = []
        for fmt, name in FORMATS.items():
            for verdict in ("valid", "invalid"):
                src = os.path.join(root, verdict, fmt)
                if not os.path.isdir(src):
                    continue
                shutil.copytree(src, os.path.join(work, verdict, fmt))
            toml.append(f'[[schemas]]\nfiles = "*/{fmt}/*"\nschema = "builtin:{name}"\n')
        with open(os.path.join(work, "picket.toml"), "w") as f:
            f.write("\n".join(toml))
        out = os.path.join(work, "out.json")
        subprocess.run([picket, "scan", "--checks", "config", "--fail-on", "never", "--format", "json",
                        "--output", out, work], check=True, stderr=subprocess.DEVNULL)
        findings = json.load(open(out))["findings"]
        failed = {}
        for f in findings:
            if f["rule_id"] in FAIL_RULES:
                failed.setdefault(f["path"], []).append(f["message"])
        print(f"{'format':<20} {'valid passed':>13} {'invalid failed':>15}")
        ok = True
        for fmt in FORMATS:
            row = {}
            for verdict in ("valid", "invalid"):
                d = os.path.join(work, verdict, fmt)
                files = sorted(os.listdir(d)) if os.path.isdir(d) else []
                bad = [x for x in files if f"{verdict}/{fmt}/{x}" in failed]
                row[verdict] = (files, bad)
            vf, vbad = row["valid"]
            inf, ibad = row["invalid"]
            rate = 100.0 * len(ibad) / len(inf) if inf else 100.0
            print(f"{fmt:<20} {len(vf) - len(vbad):>6}/{len(vf):<6} {len(ibad):>7}/{len(inf):<4} {rate:5.1f}%")
            for x in vbad:
                print(f"    valid file rejected: {x}: {failed[f'valid/{fmt}/{x}'][:2]}")
            for x in sorted(set(inf) - set(ibad)):
                print(f"    invalid file accepted: {x}")
            ok &= not vbad and rate >= 90.0
        sys.exit(0 if ok else 1)
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
