use super::super::super::types::{Ecosystem, Package, Source};
use super::super::tests::{fails_at, no_panic, ok, pkg};
use super::super::Kind;

fn module(name: &str, version: Option<&str>, line: usize, direct: bool) -> Package {
    Package {
        direct: Some(direct),
        ..pkg(Ecosystem::Go, name, version, line)
    }
}

const GO_MOD: &str = r#"// A comment before the module line.
module example.com/app

go 1.22.0

toolchain go1.22.3

require github.com/spf13/cobra v1.8.0

require (
	github.com/gorilla/mux v1.8.1
	golang.org/x/net v0.23.0 // indirect
	"github.com/quoted/mod" v0.0.0-20240101120000-abcdef123456 // indirect; needed by tests
	github.com/old/lib v1.2.3
	github.com/forked/thing v0.5.0
	example.com/local/helper v0.0.0-00010101000000-000000000000
	github.com/v2mod/pkg/v2 v2.1.0+incompatible
)

exclude golang.org/x/net v0.20.0

replace github.com/old/lib v1.2.3 => github.com/new/lib v1.2.4

replace (
	github.com/forked/thing => github.com/me/thing v0.5.1-fix
	example.com/local/helper => ../helper
	github.com/not/required => github.com/other v1.0.0
)

retract [v0.1.0, v0.1.5]
"#;

#[test]
fn go_mod() {
    let parsed = ok(Kind::GoMod, GO_MOD);
    assert_eq!(
        parsed.packages,
        vec![
            module("github.com/spf13/cobra", Some("1.8.0"), 8, true),
            module("github.com/gorilla/mux", Some("1.8.1"), 11, true),
            module("golang.org/x/net", Some("0.23.0"), 12, false),
            module(
                "github.com/quoted/mod",
                Some("0.0.0-20240101120000-abcdef123456"),
                13,
                false
            ),
            module("github.com/new/lib", Some("1.2.4"), 22, true),
            module("github.com/me/thing", Some("0.5.1-fix"), 25, true),
            Package {
                source: Source::Path("../helper".into()),
                ..module("example.com/local/helper", None, 26, true)
            },
            module(
                "github.com/v2mod/pkg/v2",
                Some("2.1.0+incompatible"),
                17,
                true
            ),
        ]
    );
    assert!(parsed.facts.is_empty());
}

#[test]
fn go_mod_version_specific_replace_only_matches_that_version() {
    let text = "module m\n\nrequire a.com/x v1.0.0\n\nreplace a.com/x v0.9.0 => b.com/x v0.9.1\n";
    assert_eq!(
        ok(Kind::GoMod, text).packages,
        vec![module("a.com/x", Some("1.0.0"), 3, true)]
    );
    // Only a module line and a go line: no packages.
    assert_eq!(ok(Kind::GoMod, "module m\n\ngo 1.21\n").packages, vec![]);
}

#[test]
fn go_mod_errors() {
    assert_eq!(
        fails_at(Kind::GoMod, "module m\n\nrequire (\n\ta.com/x v1.0.0\n"),
        3
    );
    assert_eq!(fails_at(Kind::GoMod, "module m\nrequire a.com/x\n"), 2);
    assert_eq!(
        fails_at(Kind::GoMod, "module m\nrequire (\n a.com/x v1 extra\n)\n"),
        3
    );
    assert_eq!(
        fails_at(
            Kind::GoMod,
            "module m\n\nreplace a.com/x v1.0.0 b.com/x v1.0.1\n"
        ),
        3
    );
    assert_eq!(fails_at(Kind::GoMod, "module m\nreplace a => \n"), 2);
    assert_eq!(fails_at(Kind::GoMod, "module m\nrequire \"a.com/x v1\n"), 2);
    assert_eq!(fails_at(Kind::GoMod, "module m\n)\n"), 2);
}

const GO_SUM: &str = "github.com/gorilla/mux v1.8.1 h1:TuBL49tXwgrFYWhqrNgrUNEY92u81SPhu7sTdzQEiWY=
github.com/gorilla/mux v1.8.1/go.mod h1:AKf9I4AEqPTmMytcMc0KkNouC66V3BtZ4qD5fmWSiMQ=
golang.org/x/net v0.20.0/go.mod h1:z8BVo6PvndSri0LbOE3hAn0apkU+1YvI6E70E9jsnlY=

golang.org/x/net v0.23.0 h1:7EYJ93RZ9vYSZAIb2x3lnuvqO5zneoD6IvWjuhfxjTs=
golang.org/x/net v0.23.0/go.mod h1:JKghWKKOSdJwpW2GEx0Ja7fmaKnMsbu+MWVZTokSYmg=
github.com/gorilla/mux v1.8.1 h1:TuBL49tXwgrFYWhqrNgrUNEY92u81SPhu7sTdzQEiWY=
";

#[test]
fn go_sum() {
    let parsed = ok(Kind::GoSum, GO_SUM);
    let sum = |name: &str, version: &str, line| Package {
        hashed: true,
        ..pkg(Ecosystem::Go, name, Some(version), line)
    };
    assert_eq!(
        parsed.packages,
        vec![
            sum("github.com/gorilla/mux", "1.8.1", 1),
            sum("golang.org/x/net", "0.23.0", 5),
        ]
    );
    assert_eq!(
        fails_at(Kind::GoSum, "a.com/x v1.0.0 h1:abc=\na.com/y v1.0.0\n"),
        2
    );
    assert_eq!(fails_at(Kind::GoSum, "a.com/x v1.0.0 h1:abc= extra\n"), 1);
    assert_eq!(fails_at(Kind::GoSum, "a.com/x v1.0.0 nohash\n"), 1);
}

#[test]
fn go_no_panic() {
    no_panic(Kind::GoMod, GO_MOD);
    no_panic(Kind::GoSum, GO_SUM);
}
