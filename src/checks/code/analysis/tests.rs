//! Rule examples (the same texts as the `examples:` of `code.yaml`), positions, and
//! robustness against hostile input.
use super::*;

struct Example {
    rule: &'static str,
    positive: &'static [&'static str],
    negative: &'static [&'static str],
}

/// Keep in sync with `code.yaml` (same rules, same texts, same order).
const EXAMPLES: &[Example] = &[
    Example {
        rule: "code/subprocess-shell",
        positive: &[
            "import subprocess as sp\nsp.run(\n    cmd,\n    shell=True,\n)\n",
            "from subprocess import Popen as P\nP(f\"tar xf {name}\", shell=True)\n",
        ],
        negative: &[
            "import subprocess\nsubprocess.run(cmd, shell=False)\n",
            "import subprocess\nsubprocess.run([\"ls\", path])\n",
        ],
    },
    Example {
        rule: "code/subprocess-shell-literal",
        positive: &["import subprocess\nsubprocess.check_output(\n    \"ls -l | wc -l\",\n    shell=True,\n)\n"],
        negative: &[
            "import subprocess\nsubprocess.check_output([\"ls\", \"-l\"])\n",
            "import subprocess\nsubprocess.check_output(cmd, shell=True)\n",
        ],
    },
    Example {
        rule: "code/os-system",
        positive: &[
            "import os\nos.system(\"rm -rf \" + path)\n",
            "from os import system\nsystem(f\"ping -c 1 {host}\")\n",
            "import os\nout = os.popen(\n    cmd\n).read()\n",
        ],
        negative: &["import os\nos.system(\"clear\")\n"],
    },
    Example {
        rule: "code/pickle-load",
        positive: &[
            "import pickle\nwith open(path, \"rb\") as f:\n    obj = pickle.load(f)\n",
            "import pandas as pd\ndf = pd.read_pickle(path)\n",
            "import numpy as np\narr = np.load(\n    path,\n    allow_pickle=True,\n)\n",
        ],
        negative: &[
            "import json\nobj = json.load(f)\n",
            "import numpy as np\narr = np.load(path)\n",
        ],
    },
    Example {
        rule: "code/torch-load-unsafe",
        positive: &[
            "import torch\nmodel = torch.load(path)\n",
            "import torch\nstate = torch.load(\n    path,\n    weights_only=False,\n)\n",
        ],
        negative: &["import torch\nstate = torch.load(path, weights_only=True)\n"],
    },
    Example {
        rule: "code/yaml-unsafe-load",
        positive: &[
            "import yaml\ndata = yaml.load(f, Loader=yaml.Loader)\n",
            "from yaml import load, UnsafeLoader\ndata = load(\n    stream,\n    Loader=UnsafeLoader,\n)\n",
            "import yaml\ndocs = yaml.unsafe_load_all(f)\n",
        ],
        negative: &[
            "import yaml\ndata = yaml.safe_load(f)\n",
            "import yaml\ndata = yaml.load(f, Loader=yaml.SafeLoader)\n",
            "import yaml\nfor doc in yaml.load_all(f, yaml.CSafeLoader):\n    print(doc)\n",
        ],
    },
    Example {
        rule: "code/yaml-full-load",
        positive: &[
            "import yaml\ncfg = yaml.full_load(f)\n",
            "from yaml import load, FullLoader\ncfg = load(f, Loader=FullLoader)\n",
        ],
        negative: &["import yaml\ncfg = yaml.safe_load(f)\n"],
    },
    Example {
        rule: "code/eval-exec",
        positive: &[
            "result = eval(expression)\n",
            "exec(\n    compile(source, \"<user>\", \"exec\")\n)\n",
        ],
        negative: &[
            "model.eval()\nvalue = eval(\"1 + 2\")\n",
            "from asteval import Interpreter\naeval = Interpreter()\naeval.eval(expr)\n",
        ],
    },
    Example {
        rule: "code/tls-verify-disabled",
        positive: &[
            "import requests\nr = requests.get(\n    url,\n    verify=False,\n)\n",
            "import httpx\nclient = httpx.Client(verify=False)\n",
            "import urllib3\nhttp = urllib3.PoolManager(cert_reqs=\"CERT_NONE\")\n",
            "import aiohttp\nasync def fetch(session, url):\n    async with session.get(url, ssl=False) as r:\n        return await r.text()\n",
        ],
        negative: &[
            "import requests\nr = requests.get(url, timeout=10)\n",
            "import requests\nr = requests.get(url, verify=\"/etc/ssl/ca.pem\")\n",
        ],
    },
    Example {
        rule: "code/ssl-unverified-context",
        positive: &[
            "import ssl\nctx = ssl._create_unverified_context()\n",
            "import ssl\nctx = ssl.create_default_context()\nctx.check_hostname = False\nctx.verify_mode = ssl.CERT_NONE\n",
            "import ssl\nsock = ssl.wrap_socket(s, cert_reqs=ssl.CERT_NONE)\n",
        ],
        negative: &[
            "import ssl\nctx = ssl.create_default_context()\nif ctx.verify_mode == ssl.CERT_NONE:\n    raise RuntimeError(\"unverified\")\n",
        ],
    },
    Example {
        rule: "code/trust-remote-code",
        positive: &[
            "from transformers import AutoModel\nmodel = AutoModel.from_pretrained(\n    name,\n    trust_remote_code=True,\n)\n",
            "from transformers import pipeline\npipe = pipeline(\"text-generation\", model=name, trust_remote_code=True)\n",
        ],
        negative: &[
            "from transformers import AutoModel\nmodel = AutoModel.from_pretrained(name)\n",
            "from transformers import AutoModel\nmodel = AutoModel.from_pretrained(\n    name,\n    revision=\"0123456789abcdef0123456789abcdef01234567\",\n    trust_remote_code=True,\n)\n",
        ],
    },
    Example {
        rule: "code/debug-mode",
        positive: &[
            "from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n",
            "from fastapi import FastAPI\napp = FastAPI(\n    title=\"api\",\n    debug=True,\n)\n",
        ],
        negative: &[
            "app.run(debug=False)\n",
            "import asyncio\nasyncio.run(main(), debug=True)\n",
        ],
    },
    Example {
        rule: "code/bind-all-interfaces",
        positive: &[
            "app.run(host=\"0.0.0.0\", port=8080)\n",
            "import uvicorn\nuvicorn.run(\n    app,\n    host=\"0.0.0.0\",\n)\n",
            "import socket\ns = socket.socket()\ns.bind((\"0.0.0.0\", 8080))\n",
            "HOST = \"0.0.0.0\"\n",
        ],
        negative: &[
            "app.run(host=\"127.0.0.1\")\n",
            "if addr == \"0.0.0.0\":\n    warn()\n",
        ],
    },
    Example {
        rule: "code/mktemp",
        positive: &[
            "import tempfile\npath = tempfile.mktemp(suffix=\".txt\")\n",
            "from tempfile import mktemp as mk\npath = mk()\n",
        ],
        negative: &["import tempfile\nfd, path = tempfile.mkstemp()\n"],
    },
    Example {
        rule: "code/weak-hash",
        positive: &[
            "import hashlib\ndigest = hashlib.md5(password.encode()).hexdigest()\n",
            "import hashlib\nh = hashlib.new(\n    \"sha1\",\n    data,\n)\n",
        ],
        negative: &[
            "import hashlib\nh = hashlib.md5(data, usedforsecurity=False)\n",
            "import hashlib\nh = hashlib.sha256(data)\n",
        ],
    },
    Example {
        rule: "code/subprocess-inherits-env",
        positive: &[
            "import os, subprocess\nsubprocess.run(cmd, env=os.environ.copy())\n",
            "import os\nimport subprocess as sp\nsp.Popen(\n    args,\n    env={**os.environ, \"DEBUG\": \"1\"},\n)\n",
            "import os\nos.execve(path, argv, dict(os.environ, HOME=\"/tmp\"))\n",
        ],
        negative: &[
            "import subprocess\nsubprocess.run(cmd, env={\"PATH\": \"/usr/bin\"})\n",
            "import os, subprocess\nsubprocess.run(cmd, env={\"PATH\": os.environ[\"PATH\"]})\n",
        ],
    },
];

fn rules_of(src: &str) -> Vec<&'static str> {
    analyse(src).into_iter().map(|h| h.rule).collect()
}

fn hits_of(src: &str, rule: &str) -> Vec<(usize, usize)> {
    analyse(src)
        .into_iter()
        .filter(|h| h.rule == rule)
        .map(|h| (h.line, h.column))
        .collect()
}

#[test]
fn examples_match_their_rules() {
    for ex in EXAMPLES {
        assert!(
            !ex.positive.is_empty() && !ex.negative.is_empty(),
            "{}",
            ex.rule
        );
        for p in ex.positive {
            assert!(
                rules_of(p).contains(&ex.rule),
                "{} should fire on:\n{p}\n{:#?}",
                ex.rule,
                analyse(p)
            );
        }
        for n in ex.negative {
            assert!(
                !rules_of(n).contains(&ex.rule),
                "{} should not fire on:\n{n}\n{:#?}",
                ex.rule,
                analyse(n)
            );
        }
    }
}

#[test]
fn every_rule_has_examples() {
    let with_examples: Vec<&str> = EXAMPLES.iter().map(|e| e.rule).collect();
    assert_eq!(with_examples, RULE_IDS);
}

#[test]
fn reported_positions() {
    // Keyword-driven rules: the keyword's line and column.
    let src = "import subprocess as sp\nsp.run(\n    cmd,\n    shell=True,\n)\n";
    assert_eq!(hits_of(src, "code/subprocess-shell"), [(4, 5)]);
    let src = "r = requests.get(\n    url, verify=False)\n";
    assert_eq!(hits_of(src, "code/tls-verify-disabled"), [(2, 10)]);
    // Call-driven rules: the callee's first token.
    let src = "x = 1; out = os.popen(\n    cmd\n).read()\n";
    assert_eq!(hits_of(src, "code/os-system"), [(1, 14)]);
    // Address literals: the literal.
    let src = "s.bind(\n  ('0.0.0.0', 80))\n";
    assert_eq!(hits_of(src, "code/bind-all-interfaces"), [(2, 4)]);
    // Constants: the start of the dotted name.
    let src = "import ssl as s\nctx.verify_mode = s.CERT_NONE\n";
    assert_eq!(hits_of(src, "code/ssl-unverified-context"), [(2, 19)]);
    // Columns count characters, not bytes.
    let src = "é = \"ü\"; eval(x)\n";
    assert_eq!(hits_of(src, "code/eval-exec"), [(1, 10)]);
}

#[test]
fn output_is_sorted_and_deduplicated() {
    let src =
        "import ssl\nssl.wrap_socket(s, cert_reqs=ssl.CERT_NONE); eval(a); exec(b)\nos.system(c)\n";
    let hits = analyse(src);
    let keys: Vec<(usize, usize, &str)> = hits.iter().map(|h| (h.line, h.column, h.rule)).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(keys, sorted);
    assert_eq!(hits.len(), 4);
}

#[test]
fn subprocess_shell_variants() {
    assert!(rules_of("subprocess.call(cmd, shell=1)").contains(&"code/subprocess-shell"));
    assert!(rules_of("subprocess.call(args=cmd, shell='yes')").contains(&"code/subprocess-shell"));
    assert!(rules_of("subprocess.call('ls', shell=0)").is_empty());
    assert!(rules_of("subprocess.call('ls', shell=None)").is_empty());
    assert!(rules_of("subprocess.call(cmd, shell=use_shell)").is_empty());
    // B604: any other function with shell=True.
    assert_eq!(
        rules_of("utils.execute(cmd, shell=True)"),
        ["code/subprocess-shell"]
    );
    // A definition's default is not a call.
    assert!(rules_of("def run(cmd, shell=True):\n    pass\n").is_empty());
    assert_eq!(
        rules_of("subprocess.Popen(['ls', '-l'], shell=True)"),
        ["code/subprocess-shell-literal"]
    );
    assert_eq!(
        rules_of("import subprocess\nsubprocess.getoutput(f'ls {d}')\n"),
        ["code/os-system"]
    );
}

#[test]
fn calls_everywhere_are_seen() {
    let src =
        "@cache(key=lambda r: eval(r.key))\ndef f():\n    xs = [pickle.loads(b) for b in bs]\n    \
               return f\"{yaml.load(s)}\"\n";
    let r = rules_of(src);
    assert!(r.contains(&"code/eval-exec"), "{r:?}");
    assert!(r.contains(&"code/pickle-load"), "{r:?}");
    assert!(r.contains(&"code/yaml-unsafe-load"), "{r:?}");
}

#[test]
fn comments_and_strings_are_not_code() {
    let src = "# os.system(cmd)\n\"\"\"\nsubprocess.run(cmd, shell=True)\n\"\"\"\nx = 'eval(x)'\n\
               y = f'{{eval(x)}}'\n";
    assert!(analyse(src).is_empty(), "{:#?}", analyse(src));
}

#[test]
fn eval_exec_only_for_builtins() {
    assert!(rules_of("model.eval()\nself.eval(x)\nre.compile(p)\n").is_empty());
    assert!(rules_of("from mylib import eval\neval(x)\n").is_empty());
    assert_eq!(
        rules_of("import builtins\nbuiltins.exec(code)\n"),
        ["code/eval-exec"]
    );
    assert!(rules_of("exec('print(1)')\n").is_empty());
    assert_eq!(rules_of("compile(src, 'f', 'exec')\n"), ["code/eval-exec"]);
}

#[test]
fn yaml_loader_variants() {
    assert!(rules_of("import yaml\nyaml.load(f, Loader=yaml.CSafeLoader)\n").is_empty());
    assert!(rules_of("import yaml\nyaml.load(f, yaml.BaseLoader)\n").is_empty());
    assert!(rules_of("from yaml import SafeLoader\nyaml.load(f, Loader=SafeLoader)\n").is_empty());
    assert_eq!(
        rules_of("import yaml\nyaml.load(f)\n"),
        ["code/yaml-unsafe-load"]
    );
    assert_eq!(
        rules_of("import yaml\nyaml.load(f, yaml.CLoader)\n"),
        ["code/yaml-unsafe-load"]
    );
    assert_eq!(
        rules_of("import yaml\nyaml.load(f, Loader=yaml.FullLoader)\n"),
        ["code/yaml-full-load"]
    );
    assert!(rules_of("import yaml\nyaml.load(f, **opts)\n").is_empty());
    // The hit is at the Loader argument.
    assert_eq!(
        hits_of(
            "import yaml\nyaml.load(\n    f,\n    Loader=yaml.Loader)\n",
            "code/yaml-unsafe-load"
        ),
        [(4, 5)]
    );
}

#[test]
fn tls_and_ssl_variants() {
    assert!(rules_of("requests.post(u, verify=True)\nrequests.post(u, verify=None)\n").is_empty());
    assert!(rules_of("jwt.decode(t, verify=False)\n").is_empty());
    assert!(
        rules_of("session.get(url, ssl=False)\n").is_empty(),
        "ssl=False only with aiohttp"
    );
    assert_eq!(
        rules_of("import aiohttp\nconn = aiohttp.TCPConnector(ssl=False)\n"),
        ["code/tls-verify-disabled"]
    );
    assert_eq!(
        rules_of("from ssl import CERT_NONE\nctx.verify_mode = CERT_NONE\n"),
        ["code/ssl-unverified-context"]
    );
    assert!(rules_of("import ssl\nif mode is not ssl.CERT_NONE: pass\n").is_empty());
    assert!(rules_of("CERT_NONE = 0\nx = CERT_NONE\n").is_empty());
    assert_eq!(
        rules_of("from OpenSSL import SSL\nctx.set_verify(SSL.VERIFY_NONE, cb)\n"),
        ["code/ssl-unverified-context"]
    );
    assert!(rules_of("ctx.check_hostname = True\n").is_empty());
    assert_eq!(
        rules_of("s = requests.Session()\ns.verify = False\n"),
        ["code/tls-verify-disabled"]
    );
    assert!(rules_of("verify = False\ns.verify = '/ca.pem'\n").is_empty());
}

#[test]
fn inherits_env_variants() {
    let pos = [
        "subprocess.run(c, env=os.environ)",
        "subprocess.run(c, env=dict(os.environ))",
        "subprocess.run(c, env=os.environ | {'A': '1'})",
        "from os import environ\nsubprocess.run(c, env=environ)",
        "asyncio.create_subprocess_exec(p, env=copy.copy(os.environ))",
        "os.spawnve(os.P_WAIT, p, a, os.environ)",
        "os.execle(p, a, b, os.environ.copy())",
    ];
    for p in pos {
        assert_eq!(rules_of(p), ["code/subprocess-inherits-env"], "{p}");
    }
    assert!(rules_of("subprocess.run(c, env=env)").is_empty());
    assert!(rules_of("other.run(c, env=os.environ)").is_empty());
}

#[test]
fn bind_and_debug_variants() {
    assert_eq!(
        rules_of("bind = \"0.0.0.0:8000\"\n"),
        ["code/bind-all-interfaces"]
    );
    assert_eq!(
        rules_of("self.listen_addr = '::'\n"),
        ["code/bind-all-interfaces"]
    );
    assert_eq!(
        rules_of("sock.bind(('', 8080))\n"),
        ["code/bind-all-interfaces"]
    );
    assert_eq!(
        rules_of("app.run('0.0.0.0', 80)\n"),
        ["code/bind-all-interfaces"]
    );
    assert!(rules_of("DEFAULT_ROUTE = '0.0.0.0'\nsock.bind(('127.0.0.1', 0))\n").is_empty());
    assert_eq!(rules_of("create_app().run(debug=1)\n"), ["code/debug-mode"]);
    assert!(rules_of("trio.run(main, debug=True)\n").is_empty());
}

#[test]
fn weak_hash_and_torch_variants() {
    assert_eq!(
        rules_of("from hashlib import md5\nmd5(b)\n"),
        ["code/weak-hash"]
    );
    assert_eq!(rules_of("hashlib.new('MD5')\n"), ["code/weak-hash"]);
    assert!(rules_of("hashlib.new('sha256')\nhashlib.new(algo)\n").is_empty());
    assert!(
        rules_of("import torch\ntorch.load(p, **kw)\ntorch.load(p, weights_only=flag)\n")
            .is_empty()
    );
    assert_eq!(
        rules_of("import torch as t\nt.load(p, map_location='cpu')\n"),
        ["code/torch-load-unsafe"]
    );
}

// ---- robustness ----

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SAMPLE: &str = "\u{feff}import os, subprocess as sp\nfrom yaml import load, FullLoader\n\
\n@app.route('/run', methods=[\"POST\"])\ndef run(cmd: str = 'ls') -> str:\n    \"\"\"Run it.\n    'quoted' \"\"\"\n    \
x = f\"{cmd!r:>{width}} {{}} {d['k']}\" rb'\\x00' \\\n        + r'''raw\\\\'''\n    \
sp.run(\n        cmd,  # comment (\n        shell=True,\n        env={**os.environ},\n    )\n    \
return eval(compile(x, '<s>', 'exec')) if x else [y for y in load(f, Loader=FullLoader)]\n\
ctx.check_hostname = False; HOST: str = \"0.0.0.0\"\nlambda a, b=(1, 2): a[b:]\n";

#[test]
fn sample_is_understood() {
    let r = rules_of(SAMPLE);
    for rule in [
        "code/subprocess-shell",
        "code/subprocess-inherits-env",
        "code/eval-exec",
        "code/yaml-full-load",
        "code/ssl-unverified-context",
        "code/bind-all-interfaces",
    ] {
        assert!(r.contains(&rule), "{rule} in {r:?}");
    }
}

#[test]
fn every_prefix_of_real_code_is_fine() {
    for (i, _) in SAMPLE.char_indices() {
        let _ = analyse(&SAMPLE[..i]);
        let _ = analyse(&SAMPLE[i..]);
    }
}

#[test]
fn random_bytes_and_token_soup() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    const PIECES: &[&str] = &[
        "(", ")", "[", "]", "{", "}", "'", "\"", "'''", "\"\"\"", "f'", "f\"", "rb'", "\\", "\n",
        "#", ",", "=", "**", "*", ":", ".", "lambda", "import", "from", "def", "os", "system",
        "eval", "shell", "True", "0x", "1e", " ", "\t", "é", "\r\n", "{{", "}}", "!r", ":=",
    ];
    for round in 0..3000 {
        let len = rng.below(200);
        let s = if round % 2 == 0 {
            let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            String::from_utf8_lossy(&bytes).into_owned()
        } else {
            (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect()
        };
        for h in analyse(&s) {
            assert!(h.line >= 1 && h.column >= 1);
        }
    }
}

#[test]
fn malformed_input() {
    for src in [
        "x = 'unterminated\nos.system(x)\n",
        "x = \"\"\"never closed\nos.system(x)\n",
        "f'{",
        "f'{x!",
        "f'{x:",
        "f'{x:{'",
        "f\"{f'{f\"{",
        "rf'\\",
        "'\\",
        "(",
        ")",
        "]]]",
        "f(a, b",
        "f(**)",
        "f(*)",
        "f(=1)",
        "f(a=)",
        "x.(",
        ".(",
        "(()",
        "@",
        "\\",
        "\\\r",
        "0x",
        "1e+",
        "import",
        "from",
        "from . import",
        "import a as",
        "from x import (a as",
        "lambda",
        "subprocess.run(cmd, shell=True",
        "os.system(\n",
        "a = b = ",
        "eval(",
        "\u{feff}",
        "\r",
    ] {
        let _ = analyse(src);
    }
    // An unclosed call does not hide the calls after it (recovery at `def`).
    let src = "x = foo(1,\n\ndef g():\n    os.system(cmd)\n";
    assert!(rules_of(src).contains(&"code/os-system"));
}

#[test]
fn deep_nesting_and_long_chains() {
    let n = 10_000;
    let parens = format!("eval({}x{})", "(".repeat(n), ")".repeat(n));
    assert_eq!(rules_of(&parens), ["code/eval-exec"]);
    let calls = format!("{}x{}", "f(".repeat(n), ")".repeat(n));
    assert!(analyse(&calls).is_empty());
    let lists = format!("os.system({}{})", "[".repeat(n), "]".repeat(n));
    assert_eq!(rules_of(&lists), ["code/os-system"]);
    let unclosed = format!("{}{}", "(".repeat(n), "]".repeat(n));
    assert!(analyse(&unclosed).is_empty());
    let fstrings = format!("{}x{}", "f'{".repeat(n), "}'".repeat(n));
    let _ = analyse(&fstrings);
    let fstrings = format!("{}x{}", "f\"{".repeat(n), "}\"".repeat(n));
    let _ = analyse(&fstrings);
    let chain = format!("{}(1)", vec!["a"; n].join("."));
    assert_eq!(Parsed_calls(&chain), 1);
    let applied = format!("f{}", "()".repeat(n));
    assert_eq!(Parsed_calls(&applied), n);
    let dict = format!(
        "subprocess.run(c, env={}**os.environ{})",
        "{".repeat(50),
        "}".repeat(50)
    );
    let _ = analyse(&dict);
}

#[allow(non_snake_case)]
fn Parsed_calls(src: &str) -> usize {
    calls::Parsed::new(src).calls().len()
}

#[test]
fn large_input_is_linear() {
    // Pathological shapes at 200k tokens must finish quickly even in a debug build.
    let n = 200_000;
    let shapes = [
        "a(".repeat(n),
        "(]".repeat(n),
        "f()".repeat(n),
        format!("x = [{}]", "1, ".repeat(n)),
        "'a' ".repeat(n),
        "é".repeat(n),
    ];
    let t = std::time::Instant::now();
    for s in &shapes {
        let _ = analyse(s);
    }
    assert!(t.elapsed().as_secs() < 20, "took {:?}", t.elapsed());
}
