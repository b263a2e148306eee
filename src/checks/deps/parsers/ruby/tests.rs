use super::super::super::types::{Ecosystem, Fact, Package, Source};
use super::super::tests::{fails_at, git, no_panic, ok, pkg};
use super::super::Kind;

fn gem(name: &str, version: &str, line: usize, direct: bool) -> Package {
    Package {
        direct: Some(direct),
        ..pkg(Ecosystem::RubyGems, name, Some(version), line)
    }
}

const GEMFILE_LOCK: &str = "GIT
  remote: https://github.com/org/forked_gem.git
  revision: 0123456789abcdef0123456789abcdef01234567
  branch: main
  specs:
    forked_gem (2.0.0)
      rack (>= 2.0)

GIT
  remote: https://github.com/org/tagged.git
  revision: abc1234
  tag: v1.0
  specs:
    tagged (1.0.0)

PATH
  remote: engines/billing
  specs:
    billing (0.1.0)
      rails (>= 7.0)

GEM
  remote: https://rubygems.org/
  specs:
    nokogiri (1.16.0-x86_64-linux)
      racc (~> 1.4)
    nokogiri (1.16.0-arm64-darwin)
      racc (~> 1.4)
    racc (1.7.3)
    rack (3.0.9)
    rails (7.1.3)
      rack (>= 2.2.4)

PLATFORMS
  arm64-darwin
  x86_64-linux

DEPENDENCIES
  billing!
  forked_gem!
  nokogiri (~> 1.16)
  rails (>= 7.1, < 8)
  tagged!

CHECKSUMS
  nokogiri (1.16.0-x86_64-linux) sha256=aa11
  rack (3.0.9) sha256=bb22
  rails (7.1.3)

RUBY VERSION
   ruby 3.3.0p0

BUNDLED WITH
   2.5.6
";

#[test]
fn gemfile_lock() {
    let parsed = ok(Kind::GemfileLock, GEMFILE_LOCK);
    assert_eq!(
        parsed.packages,
        vec![
            Package {
                source: git(
                    "https://github.com/org/forked_gem.git",
                    Some("0123456789abcdef0123456789abcdef01234567"),
                ),
                ..gem("forked_gem", "2.0.0", 6, true)
            },
            Package {
                source: git("https://github.com/org/tagged.git", None),
                ..gem("tagged", "1.0.0", 14, true)
            },
            Package {
                source: Source::Path("engines/billing".into()),
                ..gem("billing", "0.1.0", 19, true)
            },
            Package {
                hashed: true,
                ..gem("nokogiri", "1.16.0", 25, true)
            },
            gem("racc", "1.7.3", 29, false),
            Package {
                hashed: true,
                ..gem("rack", "3.0.9", 30, false)
            },
            gem("rails", "7.1.3", 31, true),
        ]
    );
    assert!(parsed.facts.is_empty());
}

#[test]
fn gemfile_lock_old_multi_source() {
    let text = "GEM
  remote: https://rubygems.org/
  remote: http://gems.internal.example/
  specs:
    private_gem (0.2.0)
    rake (13.1.0)

PLATFORMS
  ruby
";
    let parsed = ok(Kind::GemfileLock, text);
    // No DEPENDENCIES section: direct is unknown.
    assert_eq!(
        parsed.packages,
        vec![
            pkg(Ecosystem::RubyGems, "private_gem", Some("0.2.0"), 5),
            pkg(Ecosystem::RubyGems, "rake", Some("13.1.0"), 6),
        ]
    );
    assert_eq!(
        parsed.facts,
        vec![
            Fact::ExtraIndex {
                url: "http://gems.internal.example/".into(),
                line: 3
            },
            Fact::InsecureIndex {
                url: "http://gems.internal.example/".into(),
                line: 3
            },
        ]
    );
}

#[test]
fn gemfile_lock_errors() {
    assert_eq!(
        fails_at(
            Kind::GemfileLock,
            "GEM\n  remote: https://rubygems.org/\n  specs:\n    rake 13.0\n"
        ),
        4
    );
    assert_eq!(
        fails_at(Kind::GemfileLock, "GEM\n  specs:\n    rake (13.0\n"),
        3
    );
    assert_eq!(
        fails_at(
            Kind::GemfileLock,
            "GEM\n  specs:\n    rake (13.0)\n<<<<<<< HEAD\n"
        ),
        4
    );
    assert_eq!(
        fails_at(Kind::GemfileLock, "DEPENDENCIES\n  rake\n  (>= 1)\n"),
        3
    );
}

#[test]
fn gemfile_lock_no_panic() {
    no_panic(Kind::GemfileLock, GEMFILE_LOCK);
}
