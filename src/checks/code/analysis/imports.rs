//! Import aliases: which module or object each imported local name stands for.
//!
//! `import subprocess as sp` binds `sp` → `subprocess`; `from subprocess import Popen as P`
//! binds `P` → `subprocess.Popen`; `import os.path` binds `os` → `os`. Relative imports and
//! `from m import *` bind nothing. The analysis is flow-insensitive: the first binding of a
//! name wins, wherever it is (module level, function, `try:` branch).
use super::calls::Parsed;
use std::borrow::Cow;
use std::collections::HashMap;

/// Conventional aliases used when the name is not bound by any import in the file.
const CONVENTIONAL: &[(&str, &str)] = &[("np", "numpy"), ("pd", "pandas")];

#[derive(Clone, Debug, Default)]
pub struct Imports {
    names: HashMap<String, String>,
    /// Token ranges of the import statements.
    ranges: Vec<(usize, usize)>,
}

impl Imports {
    /// Collects the imports of a whole file.
    pub fn from_source(src: &str) -> Imports {
        Imports::collect(&Parsed::new(src))
    }

    pub fn collect(p: &Parsed<'_>) -> Imports {
        let mut im = Imports::default();
        for &i in &p.imports {
            im.statement(p, i as usize);
        }
        im
    }

    fn bind(&mut self, local: &str, target: String) {
        if !local.is_empty() && !target.is_empty() {
            self.names.entry(local.to_string()).or_insert(target);
        }
    }

    /// The statement around the `import` keyword at `i`.
    fn statement(&mut self, p: &Parsed<'_>, i: usize) {
        // `from a.b import …`: walk back over the module name to `from`.
        let mut j = i;
        let mut relative = false;
        while j > 0 && (p.is_ident(j - 1) || p.is_op(j - 1, ".") || p.is_op(j - 1, "...")) {
            j -= 1;
        }
        let is_from = j > 0 && p.is_name(j - 1) && p.text(j - 1) == "from";
        if is_from {
            relative = p.is_op(j, ".") || p.is_op(j, "...");
        }
        let module: String = (j..i).map(|k| p.text(k)).collect();
        let start = if is_from { j - 1 } else { i };
        let mut k = i + 1;
        if is_from {
            let paren = p.is_op(k, "(");
            if paren {
                k += 1;
            }
            loop {
                let name_at = k;
                if p.is_op(k, "*") {
                    k += 1;
                } else if p.is_ident(k) {
                    k += 1;
                    let mut local = p.text(name_at);
                    if p.is_name(k) && p.text(k) == "as" && p.is_ident(k + 1) {
                        local = p.text(k + 1);
                        k += 2;
                    }
                    if !relative && !module.is_empty() {
                        self.bind(local, format!("{module}.{}", p.text(name_at)));
                    }
                } else {
                    break;
                }
                if p.is_op(k, ",") {
                    k += 1;
                } else {
                    break;
                }
            }
            if paren && p.is_op(k, ")") {
                k += 1;
            }
        } else {
            loop {
                if !p.is_ident(k) {
                    break;
                }
                let first = k;
                k += 1;
                while p.is_op(k, ".") && p.is_ident(k + 1) {
                    k += 2;
                }
                let dotted: String = (first..k).map(|x| p.text(x)).collect();
                if p.is_name(k) && p.text(k) == "as" && p.is_ident(k + 1) {
                    self.bind(p.text(k + 1), dotted);
                    k += 2;
                } else {
                    let head = p.text(first);
                    self.bind(head, head.to_string());
                }
                if p.is_op(k, ",") {
                    k += 1;
                } else {
                    break;
                }
            }
        }
        self.ranges.push((start, k.max(i + 1)));
    }

    /// What a local name is bound to by an import.
    pub fn lookup(&self, name: &str) -> Option<&str> {
        self.names.get(name).map(String::as_str)
    }

    /// Resolves the head of a dotted expression through the imports: `sp.Popen` →
    /// `subprocess.Popen`, `P` → `subprocess.Popen`. Unbound heads are kept as written.
    pub fn resolve<'b>(&self, dotted: &'b str) -> Cow<'b, str> {
        let cut = dotted
            .bytes()
            .position(|c| matches!(c, b'.' | b'(' | b'['))
            .unwrap_or(dotted.len());
        let (head, rest) = dotted.split_at(cut);
        if self.names.is_empty() && !matches!(head, "np" | "pd") {
            return Cow::Borrowed(dotted);
        }
        // A few imports (the usual case): comparing is cheaper than hashing.
        let bound = if self.names.len() <= 16 {
            self.names
                .iter()
                .find(|(k, _)| k.as_str() == head)
                .map(|(_, v)| v)
        } else {
            self.names.get(head)
        };
        let target = match bound {
            Some(t) => t.as_str(),
            None => match CONVENTIONAL.iter().find(|(a, _)| *a == head) {
                Some((_, m)) => m,
                None => return Cow::Borrowed(dotted),
            },
        };
        if target == head {
            return Cow::Borrowed(dotted);
        }
        let mut out = String::with_capacity(target.len() + rest.len());
        out.push_str(target);
        out.push_str(rest);
        Cow::Owned(out)
    }

    /// Does the file import `module` or anything inside it?
    pub fn imports_module(&self, module: &str) -> bool {
        self.names
            .values()
            .any(|t| t == module || t.strip_prefix(module).is_some_and(|r| r.starts_with('.')))
    }

    /// Is token `i` inside an import statement?
    pub fn in_import(&self, i: usize) -> bool {
        let at = self.ranges.partition_point(|&(s, _)| s <= i);
        at > 0 && i < self.ranges[at - 1].1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_resolve() {
        let im = Imports::from_source(
            "import subprocess as sp\nfrom subprocess import Popen as P\nfrom os import system\n\
             import os.path\nfrom yaml import load, FullLoader\nfrom . import sibling\n\
             from .pkg import thing\nfrom ..x import y\nimport a.b.c as abc, json\n\
             from typing import (\n    Any,\n    Dict as D,\n)\nfrom m import *\n",
        );
        assert_eq!(im.resolve("sp.Popen"), "subprocess.Popen");
        assert_eq!(im.resolve("P"), "subprocess.Popen");
        assert_eq!(im.resolve("system"), "os.system");
        assert_eq!(im.resolve("os.path.join"), "os.path.join");
        assert_eq!(im.resolve("load"), "yaml.load");
        assert_eq!(im.resolve("FullLoader"), "yaml.FullLoader");
        assert_eq!(im.resolve("sibling"), "sibling");
        assert_eq!(im.resolve("thing"), "thing");
        assert_eq!(im.resolve("y.z"), "y.z");
        assert_eq!(im.resolve("abc.f"), "a.b.c.f");
        assert_eq!(im.resolve("json.loads"), "json.loads");
        assert_eq!(im.resolve("D"), "typing.Dict");
        assert_eq!(im.resolve("Any"), "typing.Any");
        assert_eq!(im.resolve("sp().x"), "subprocess().x");
        assert_eq!(im.resolve("unbound.f"), "unbound.f");
        assert_eq!(im.resolve("np.load"), "numpy.load");
        assert!(im.imports_module("yaml"));
        assert!(im.imports_module("a.b"));
        assert!(!im.imports_module("a.b.c.d"));
        assert!(!im.imports_module("yam"));
    }

    #[test]
    fn first_binding_wins_and_statements_are_known() {
        let src = "try:\n    import cPickle as pickle\nexcept ImportError:\n    import pickle\n\
                   raise X from e\nx = 1\n";
        let p = Parsed::new(src);
        let im = Imports::collect(&p);
        assert_eq!(im.resolve("pickle.loads"), "cPickle.loads");
        let x = p.toks.iter().position(|t| t.text(src) == "x").unwrap();
        assert!(!im.in_import(x));
        let c = p
            .toks
            .iter()
            .position(|t| t.text(src) == "cPickle")
            .unwrap();
        assert!(im.in_import(c));
        assert!(im.lookup("e").is_none());
    }

    #[test]
    fn import_binding_shadows_conventional_alias() {
        let im = Imports::from_source("import numpy.random as np\n");
        assert_eq!(im.resolve("np.load"), "numpy.random.load");
    }
}
