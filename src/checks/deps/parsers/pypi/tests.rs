use super::super::super::types::{Ecosystem, Fact, Package, Source};
use super::super::tests::{fails_at, git, no_panic, ok, pkg};
use super::super::Kind;

const SHA: &str = "4f1d3e2c5b6a79808f7e6d5c4b3a291807f6e5d4";

fn req(name: &str, version: Option<&str>, line: usize) -> Package {
    Package {
        direct: Some(true),
        ..pkg(Ecosystem::PyPI, name, version, line)
    }
}

const REQUIREMENTS: &str = r#"# Pinned and ranged requirements
--index-url http://pypi.internal.example/simple
--extra-index-url https://packages.example.com/simple
-i https://pypi.org/simple
--trusted-host pypi.internal.example
--find-links http://wheels.example/
--pre

requests==2.31.0
Django>=3.2,<4.0   # an LTS range
urllib3[socks, secure] == 1.26.18 ; python_version < "3.10"
numpy
six===1.16.0
flask (>=2.0)
-r base.txt
--requirement=other/dev.txt
-c constraints.txt
--constraint ../shared/constraints.txt
certifi==2024.2.2 \
    --hash=sha256:0569859f95fc761b18b45ef421b1290a0f65f147e92a1e5eb3e635f9a5e4e66f \
    --hash=sha256:dc16dc0b4e1b8a7e0e0e1b4d1d7a2c3e9a0b9b8f9c0d1e2f3a4b5c6d7e8f9a0b
idna==3.6 --hash sha256:c05567e9c24a6b9faaa835c4821bad0590fbb9d5779e7caa6e1cc4978e7eb24f
-e git+https://github.com/org/tool.git@main#egg=tool
--editable ./libs/helper[extra]
-e .
git+https://github.com/org/lib.git@4f1d3e2c5b6a79808f7e6d5c4b3a291807f6e5d4#egg=lib
pkg-a @ git+https://github.com/org/pkg-a.git@v1.2.0
pkg-b @ https://files.example.com/pkg_b-0.3.1-py3-none-any.whl ; sys_platform == "linux"
https://files.example.com/other-2.0.tar.gz
./vendor/local_pkg-1.0.0-py3-none-any.whl
private-pkg @ https://${TOKEN}@git.example.com/private.tar.gz
"#;

#[test]
fn requirements_packages() {
    let parsed = ok(Kind::Requirements, REQUIREMENTS);
    let expected = vec![
        req("requests", Some("2.31.0"), 9),
        Package {
            requirement: Some(">=3.2,<4.0".into()),
            ..req("Django", None, 10)
        },
        req("urllib3", Some("1.26.18"), 11),
        req("numpy", None, 12),
        req("six", Some("1.16.0"), 13),
        Package {
            requirement: Some(">=2.0".into()),
            ..req("flask", None, 14)
        },
        Package {
            hashed: true,
            ..req("certifi", Some("2024.2.2"), 19)
        },
        Package {
            hashed: true,
            ..req("idna", Some("3.6"), 22)
        },
        Package {
            source: git("https://github.com/org/tool.git", None),
            ..req("tool", None, 23)
        },
        Package {
            source: Source::Path("./libs/helper".into()),
            ..req("helper", None, 24)
        },
        Package {
            source: Source::Path(".".into()),
            ..req(".", None, 25)
        },
        Package {
            source: git("https://github.com/org/lib.git", Some(SHA)),
            ..req("lib", None, 26)
        },
        Package {
            source: git("https://github.com/org/pkg-a.git", None),
            ..req("pkg-a", None, 27)
        },
        Package {
            source: Source::Url("https://files.example.com/pkg_b-0.3.1-py3-none-any.whl".into()),
            ..req("pkg-b", Some("0.3.1"), 28)
        },
        Package {
            source: Source::Url("https://files.example.com/other-2.0.tar.gz".into()),
            ..req("other", None, 29)
        },
        Package {
            source: Source::Path("./vendor/local_pkg-1.0.0-py3-none-any.whl".into()),
            ..req("local_pkg", Some("1.0.0"), 30)
        },
        Package {
            source: Source::Url("https://${TOKEN}@git.example.com/private.tar.gz".into()),
            ..req("private-pkg", None, 31)
        },
    ];
    assert_eq!(parsed.packages, expected);
}

#[test]
fn requirements_facts() {
    let parsed = ok(Kind::Requirements, REQUIREMENTS);
    let expected = vec![
        Fact::InsecureIndex {
            url: "http://pypi.internal.example/simple".into(),
            line: 2,
        },
        Fact::ExtraIndex {
            url: "https://packages.example.com/simple".into(),
            line: 3,
        },
        Fact::InsecureIndex {
            url: "http://wheels.example/".into(),
            line: 6,
        },
        Fact::Include {
            path: "base.txt".into(),
            constraint: false,
            line: 15,
        },
        Fact::Include {
            path: "other/dev.txt".into(),
            constraint: false,
            line: 16,
        },
        Fact::Include {
            path: "constraints.txt".into(),
            constraint: true,
            line: 17,
        },
        Fact::Include {
            path: "../shared/constraints.txt".into(),
            constraint: true,
            line: 18,
        },
    ];
    assert_eq!(parsed.facts, expected);
}

#[test]
fn requirements_odd_but_valid_lines() {
    let text = "\u{feff}# BOM first\r\n\
                foo==1.0 \\\r\n\
                \x20   --hash=sha256:abc\r\n\
                bar>=2 # comment with a \\\n\
                -rrequirements/base.txt\n\
                -e \".[docs]\"\n\
                --extra-index-url=http://mirror.example/simple  # plain http\n\
                baz==${BAZ_VERSION}\n\
                \\\n\
                qux  ;  python_version >= '3'\n\
                quux==1.0.*\n\
                slashy;platform_machine==\"a/b\"\n\
                -e  'git+ssh://git@github.com/org/q.git@0123456789012345678901234567890123456789#egg=q'\n\
                last==1 \\";
    let parsed = ok(Kind::Requirements, text);
    type Row<'a> = (&'a str, Option<&'a str>, Option<&'a str>, usize, bool);
    let got: Vec<Row> = parsed
        .packages
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.version.as_deref(),
                p.requirement.as_deref(),
                p.line,
                p.hashed,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("foo", Some("1.0"), None, 2, true),
            ("bar", None, Some(">=2"), 4, false),
            (".", None, None, 6, false),
            ("baz", Some("${BAZ_VERSION}"), None, 8, false),
            ("qux", None, None, 10, false),
            ("quux", None, Some("==1.0.*"), 11, false),
            ("slashy", None, None, 12, false),
            ("q", None, None, 13, false),
            ("last", Some("1"), None, 14, false),
        ]
    );
    assert_eq!(
        parsed.packages[7].source,
        git(
            "ssh://git@github.com/org/q.git",
            Some("0123456789012345678901234567890123456789")
        )
    );
    assert_eq!(
        parsed.facts,
        vec![
            // Line 5 (`-rrequirements/base.txt`) continues line 4's comment, as in pip.
            Fact::ExtraIndex {
                url: "http://mirror.example/simple".into(),
                line: 7
            },
            Fact::InsecureIndex {
                url: "http://mirror.example/simple".into(),
                line: 7
            },
        ]
    );
}

#[test]
fn requirements_errors() {
    assert_eq!(fails_at(Kind::Requirements, "ok==1\n\nrequests = 2.0\n"), 3);
    assert_eq!(fails_at(Kind::Requirements, "a\nb >=\n"), 2);
    assert_eq!(fails_at(Kind::Requirements, "a\n\n\nfoo[bar==1\n"), 4);
    assert_eq!(
        fails_at(Kind::Requirements, "x==1 \\\n  --hash=sha256:a\n-r\n"),
        3
    );
    assert_eq!(fails_at(Kind::Requirements, "<<<<<<< HEAD\nfoo==1\n"), 1);
    assert_eq!(fails_at(Kind::Requirements, "a\nfoo ==1.0 ;\n"), 2);
    assert_eq!(fails_at(Kind::Requirements, "a\n-e\n"), 2);
    assert_eq!(fails_at(Kind::Requirements, "good\nbad name\n"), 2);
}

#[test]
fn requirements_no_panic() {
    no_panic(Kind::Requirements, REQUIREMENTS);
}

const PYPROJECT: &str = r#"[build-system]
requires = ["setuptools>=61"]

[project]
name = "demo"
version = "1.0.0"
dependencies = [
    "requests>=2.28",
    "pydantic==2.5.3",
    'tomli>=1.1; python_version < "3.11"',
    "internal @ git+https://git.example.com/internal.git@4f1d3e2c5b6a79808f7e6d5c4b3a291807f6e5d4",
    "workspace-lib",
]

[project.optional-dependencies]
aws = ["boto3>=1.28"]
test = ["pytest==7.4.0", "coverage[toml]"]
all = ["Demo[aws,test]"]

[dependency-groups]
lint = ["ruff==0.1.9"]
ci = [{ include-group = "lint" }, "tox>=4"]

[tool.uv]
dev-dependencies = ["ipython"]
extra-index-url = ["http://mirror.example/simple"]

[tool.uv.sources]
workspace-lib = { path = "../workspace-lib", editable = true }

[[tool.uv.index]]
name = "internal"
url = "https://pypi.example.com/simple"
"#;

#[test]
fn pyproject_pep621_and_groups() {
    let parsed = ok(Kind::Pyproject, PYPROJECT);
    let p = |name: &str, version: Option<&str>, requirement: Option<&str>, line, dev| Package {
        requirement: requirement.map(Into::into),
        dev: Some(dev),
        ..req(name, version, line)
    };
    let expected = vec![
        p("requests", None, Some(">=2.28"), 8, false),
        p("pydantic", Some("2.5.3"), None, 9, false),
        p("tomli", None, Some(">=1.1"), 10, false),
        Package {
            source: git(
                "https://git.example.com/internal.git",
                Some("4f1d3e2c5b6a79808f7e6d5c4b3a291807f6e5d4"),
            ),
            ..p("internal", None, None, 11, false)
        },
        Package {
            source: Source::Path("../workspace-lib".into()),
            ..p("workspace-lib", None, None, 12, false)
        },
        p("boto3", None, Some(">=1.28"), 16, false),
        p("pytest", Some("7.4.0"), None, 17, true),
        p("coverage", None, None, 17, true),
        p("ruff", Some("0.1.9"), None, 21, true),
        p("tox", None, Some(">=4"), 22, true),
        p("ipython", None, None, 25, true),
    ];
    assert_eq!(parsed.packages, expected);
    assert_eq!(
        parsed.facts,
        vec![
            Fact::ExtraIndex {
                url: "http://mirror.example/simple".into(),
                line: 26
            },
            Fact::InsecureIndex {
                url: "http://mirror.example/simple".into(),
                line: 26
            },
        ]
    );
}

const POETRY_PYPROJECT: &str = r#"[tool.poetry]
name = "svc"
version = "0.1.0"

[tool.poetry.dependencies]
python = "^3.10"
fastapi = "^0.110.0"
uvicorn = { version = "0.27.1", extras = ["standard"] }
pinned = "==1.2.3"
bare = "2.0.0"
anything = "*"
mylib = { git = "https://github.com/org/mylib.git", tag = "v1.0" }
pinnedlib = { git = "https://github.com/org/pinnedlib.git", rev = "0123456789abcdef0123456789abcdef01234567" }
locallib = { path = "../locallib", develop = true }
wheel = { url = "https://example.com/wheel-1.0-py3-none-any.whl" }
multi = [
    { version = "<2", python = "<3.8" },
    { version = "^2", python = ">=3.8" },
]

[tool.poetry.dev-dependencies]
black = "23.1.0"

[tool.poetry.group.test.dependencies]
pytest = "^7.0"

[tool.poetry.group.docs]
optional = true

[tool.poetry.group.docs.dependencies]
mkdocs = ">=1.5"

[[tool.poetry.source]]
name = "internal"
url = "http://pypi.internal.example/simple/"
priority = "supplemental"
"#;

#[test]
fn pyproject_poetry() {
    let parsed = ok(Kind::Pyproject, POETRY_PYPROJECT);
    let p = |name: &str, version: Option<&str>, requirement: Option<&str>, line, dev| Package {
        requirement: requirement.map(Into::into),
        dev: Some(dev),
        ..req(name, version, line)
    };
    let expected = vec![
        p("fastapi", None, Some("^0.110.0"), 7, false),
        p("uvicorn", Some("0.27.1"), None, 8, false),
        p("pinned", Some("1.2.3"), None, 9, false),
        p("bare", Some("2.0.0"), None, 10, false),
        p("anything", None, Some("*"), 11, false),
        Package {
            source: git("https://github.com/org/mylib.git", None),
            ..p("mylib", None, None, 12, false)
        },
        Package {
            source: git(
                "https://github.com/org/pinnedlib.git",
                Some("0123456789abcdef0123456789abcdef01234567"),
            ),
            ..p("pinnedlib", None, None, 13, false)
        },
        Package {
            source: Source::Path("../locallib".into()),
            ..p("locallib", None, None, 14, false)
        },
        Package {
            source: Source::Url("https://example.com/wheel-1.0-py3-none-any.whl".into()),
            ..p("wheel", None, None, 15, false)
        },
        p("multi", None, Some("<2"), 16, false),
        p("multi", None, Some("^2"), 16, false),
        p("black", Some("23.1.0"), None, 22, true),
        p("pytest", None, Some("^7.0"), 25, true),
        p("mkdocs", None, Some(">=1.5"), 31, true),
    ];
    assert_eq!(parsed.packages, expected);
    assert_eq!(
        parsed.facts,
        vec![
            Fact::ExtraIndex {
                url: "http://pypi.internal.example/simple/".into(),
                line: 35
            },
            Fact::InsecureIndex {
                url: "http://pypi.internal.example/simple/".into(),
                line: 35
            },
        ]
    );
}

#[test]
fn pyproject_without_dependencies() {
    let text = "[build-system]\nrequires = [\"hatchling\"]\n\n[project]\nname = \"x\"\ndynamic = [\"dependencies\"]\n\n[tool.ruff]\nline-length = 100\n";
    assert_eq!(ok(Kind::Pyproject, text), Default::default());
    // Dependencies read from requirements files by setuptools.
    let text = "[project]\nname = \"x\"\ndynamic = [\"dependencies\", \"optional-dependencies\"]\n\n[tool.setuptools.dynamic]\ndependencies = { file = \"requirements.txt\" }\noptional-dependencies.test = { file = [\"req-test.txt\", \"req-extra.txt\"] }\n";
    let parsed = ok(Kind::Pyproject, text);
    assert!(parsed.packages.is_empty());
    let include = |path: &str, line| Fact::Include {
        path: path.into(),
        constraint: false,
        line,
    };
    assert_eq!(
        parsed.facts,
        vec![
            include("requirements.txt", 6),
            include("req-test.txt", 7),
            include("req-extra.txt", 7),
        ]
    );
}

#[test]
fn pyproject_pdm_dev_dependencies() {
    let text = "[tool.pdm.dev-dependencies]\ntest = [\n  \"pytest>=7\",\n  \"-e file:///${PROJECT_ROOT}/sub#egg=sub\",\n]\n";
    let parsed = ok(Kind::Pyproject, text);
    assert_eq!(
        parsed.packages,
        vec![
            Package {
                requirement: Some(">=7".into()),
                dev: Some(true),
                ..req("pytest", None, 3)
            },
            Package {
                dev: Some(true),
                source: Source::Path("file:///${PROJECT_ROOT}/sub#egg=sub".into()),
                ..req("sub", None, 4)
            },
        ]
    );
}

#[test]
fn pyproject_errors() {
    // Not TOML.
    assert_eq!(
        fails_at(
            Kind::Pyproject,
            "[project]\nname = \"x\"\ndependencies = [\n  \"a\",\n  oops\n]\n"
        ),
        5
    );
    // A dependency that is not a requirement.
    assert_eq!(
        fails_at(
            Kind::Pyproject,
            "[project]\ndependencies = [\n  \"ok\",\n  \"bad name here\",\n]\n"
        ),
        4
    );
    // Wrong shape.
    assert_eq!(
        fails_at(
            Kind::Pyproject,
            "[project]\nname = \"x\"\ndependencies = \"requests\"\n"
        ),
        3
    );
    assert_eq!(
        fails_at(
            Kind::Pyproject,
            "[tool.poetry.dependencies]\npython = \"^3.9\"\nfoo = 3\n"
        ),
        3
    );
    assert_eq!(fails_at(Kind::Pyproject, "[project]\n[project]\n"), 2);
}

#[test]
fn pyproject_no_panic() {
    no_panic(Kind::Pyproject, PYPROJECT);
    no_panic(Kind::Pyproject, POETRY_PYPROJECT);
}

#[test]
fn requirements_short_options() {
    let parsed = ok(
        Kind::Requirements,
        "-rbase.txt\n-cpins.txt\n-e.\n-i\thttps://pypi.org/simple\n",
    );
    assert_eq!(
        parsed.facts,
        vec![
            Fact::Include {
                path: "base.txt".into(),
                constraint: false,
                line: 1
            },
            Fact::Include {
                path: "pins.txt".into(),
                constraint: true,
                line: 2
            },
        ]
    );
    assert_eq!(
        parsed.packages,
        vec![Package {
            source: Source::Path(".".into()),
            ..req(".", None, 3)
        }]
    );
}
