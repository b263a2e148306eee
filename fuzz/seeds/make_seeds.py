import os, zipfile, io, struct
def w(t, name, data):
    if isinstance(data, str): data = data.encode()
    open(f"seeds/{t}/{name}", "wb").write(data)

df = """# syntax=docker/dockerfile:1
FROM python:3.12-slim AS build
ARG TOKEN
ENV API_KEY=abc123
RUN apt-get update && apt-get install -y curl \\
    && curl -sSL https://example.com/install.sh | sh
COPY --from=build /app /app
RUN <<EOF
pip install requests
EOF
USER root
ADD https://example.com/x.tar.gz /tmp/
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
CMD ["python", "app.py"]
"""
w("dockerfile","basic",df)
w("dockerfile","escape","# escape=`\nFROM alpine:latest\nRUN echo a `\n  b\nONBUILD RUN sudo rm -rf /\n")
wf = """name: ci
on:
  pull_request_target:
    types: [opened]
permissions: write-all
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.issue.title }}"
      - uses: some/action@main
        env:
          X: &anchor ${{ secrets.TOKEN }}
          Y: *anchor
"""
w("config_yaml","workflow",wf)
w("config_yaml","action","name: a\nruns:\n  using: composite\n  steps:\n    - run: echo ${{ inputs.x }}\n      shell: bash\n")
w("config_yaml","flow","{a: [1, 2, {b: c}], ? complex : 'x', \"y\": |\n  block\n}\n--- \n...\n")
lock = {
 0: "requests==2.31.0\n-r other.txt\nflask>=2.0 ; python_version < '3.8'\n",
 1: "[project]\nname='x'\ndependencies=['django>=4']\n[tool.poetry.dependencies]\npython='^3.10'\n",
 2: "[[package]]\nname = \"requests\"\nversion = \"2.31.0\"\n",
 3: "version = 1\n[[package]]\nname = \"anyio\"\nversion = \"4.0.0\"\nsource = { registry = \"https://pypi.org/simple\" }\n",
 4: "{\"default\": {\"requests\": {\"version\": \"==2.31.0\"}}, \"develop\": {}}",
 7: "version = 3\n[[package]]\nname = \"serde\"\nversion = \"1.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n",
 8: "module example.com/x\ngo 1.21\nrequire (\n\tgolang.org/x/net v0.17.0\n)\nreplace a => b v1.0.0\n",
 9: "golang.org/x/net v0.17.0 h1:abc=\ngolang.org/x/net v0.17.0/go.mod h1:def=\n",
 10: "GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (2.2.8)\n      foo (>= 1)\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  rack\n",
 11: "{\"lockfileVersion\": 3, \"packages\": {\"\": {\"name\": \"x\"}, \"node_modules/lodash\": {\"version\": \"4.17.20\"}}}",
 12: "{\"dependencies\": {\"lodash\": \"^4.17.0\"}, \"devDependencies\": {\"a\": \"git+https://x\"}}",
 13: "# yarn lockfile v1\n\nlodash@^4.17.0:\n  version \"4.17.20\"\n  resolved \"https://registry.yarnpkg.com/lodash\"\n",
 14: "lockfileVersion: '9.0'\npackages:\n  lodash@4.17.20:\n    resolution: {integrity: sha512-x}\n",
 15: "{\"packages\": [{\"name\": \"a/b\", \"version\": \"v1.0.0\"}], \"packages-dev\": []}",
 16: "{\"version\": 1, \"dependencies\": {\"net8.0\": {\"Newtonsoft.Json\": {\"type\": \"Direct\", \"resolved\": \"13.0.1\"}}}}",
 17: "# comment\ncom.google.guava:guava:31.0-jre=compileClasspath,runtimeClasspath\nempty=\n",
}
for k,v in lock.items(): w("lockfiles", f"parser_{k:02d}", bytes([k]) + v.encode())
vers = [(0xC0,"1.0.0a1\n1.0.0.post1\n1!0.1"),(0xC1,"1.2.3-alpha.1\n1.2.3+build\n1.2.3"),(0xC3,"v1.2.3\nv0.0.0-20200101000000-abcdef123456\nv2.0.0+incompatible"),
        (0xC4,"1.0.0.pre\n1.0.a\n1.0"),(0xC5,"v1.0.0-beta2\n1.0.0.0\ndev-master"),(0xC6,"1.0.0-rc.1\n1.0\n1.0.0.0"),(0xC7,"1.0-SNAPSHOT\n1.0.RELEASE\n1-ga")]
for i,(s,v) in enumerate(vers): w("lockfiles", f"versions_{i}", bytes([s]) + v.encode())

p = b"\x80\x02cos\nsystem\nq\x00X\x02\x00\x00\x00lsq\x01\x85q\x02Rq\x03."
w("pickle","pkl_global", bytes([0]) + p)
p4 = b"\x80\x04\x95\x20\x00\x00\x00\x00\x00\x00\x00\x8c\x08builtins\x94\x8c\x04eval\x94\x93\x94\x8c\x011\x94\x85\x94R\x94."
w("pickle","pkl_stack_global", bytes([0]) + p4)
b = io.BytesIO()
with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("archive/data.pkl", p)
    z.writestr("archive/version", "3\n")
    z.writestr("archive/data/0", b"\0"*16)
w("pickle","pt_zip", bytes([1]) + b.getvalue())
hdr = b"{'descr': '|O', 'fortran_order': False, 'shape': (1,), }"
hdr = hdr + b" " * (118 - 10 - len(hdr) - 1) + b"\n"
npy = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(hdr)) + hdr + p
w("pickle","npy_object", bytes([4]) + npy)
st_header = b'{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}'
w("pickle","safetensors", bytes([8]) + struct.pack("<Q", len(st_header)) + st_header + b"\0\0\0\0")

sec = {
 0: "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
 1: "db:\n  password: hunter2hunter2\n  token: \"ghp_abcdefghijklmnopqrstuvwxyz0123456789\"\n",
 2: "API_KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'\nconn = 'postgres://u:p4ssw0rd@host/db'\n",
 3: '{"cells": [{"cell_type": "code", "source": ["token = \\"xoxb-123456789012-1234567890123-abcdefABCDEF\\"\\n"], "outputs": []}], "metadata": {}, "nbformat": 4}',
 4: "apiVersion: v1\nkind: Secret\ndata:\n  password: c3VwZXJzZWNyZXRwYXNzd29yZDEyMw==\n",
 10: "//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789\n",
 11: "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n",
}
for k,v in sec.items(): w("secrets", f"seed_{k:02d}", bytes([k]) + v.encode())

w("suppression","picket", b"\x00\x02\x00x = 1\ny = 2  # picket:ignore[secrets/, code/b101]\n")
w("suppression","hadolint", b"\x40\x02\x00# hadolint ignore=DL3008,DL3009\nRUN apt-get install x\n")
w("suppression","nosec", b"\x80\x01\x00eval(x)  # nosec B307\n")
w("suppression","zizmor", b"\xa0\x01\x00run: x # zizmor: ignore[template-injection]\n")

w("all_checks","dockerfile", bytes([0]) + df.encode())
w("all_checks","requirements", bytes([1]) + lock[0].encode())
w("all_checks","npm", bytes([2]) + lock[11].encode())
w("all_checks","workflow", bytes([3]) + wf.encode())
w("all_checks","pickle", bytes([5]) + p)
w("all_checks","pt", bytes([6]) + b.getvalue())
w("all_checks","csv", bytes([7]) + b"name,email,phone,card\nJo,jo@example.com,+1 415 555 0100,4111 1111 1111 1111\nIBAN,DE89370400440532013000,,\n")
w("all_checks","py", bytes([8]) + b"import pickle, subprocess\nsubprocess.call(cmd, shell=True)\neval(input())\nyaml.load(x)\n")
w("all_checks","env", bytes([9]) + sec[0].encode())
w("all_checks","k8s", bytes([11]) + sec[4].encode())
w("all_checks","notebook", bytes([12]) + sec[3].encode())
w("all_checks","utf16", bytes([9]) + b"\xff\xfe" + "A=1\nTOKEN=abcdefgh12345678\n".encode("utf-16-le"))
