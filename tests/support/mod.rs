//! Fixtures shared by integration tests.
#![allow(dead_code)]
pub mod osv;

use std::fs;
use tempfile::TempDir;

/// A temporary directory holding `files` (`(relative path, text)`), parents created.
pub fn tree(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}
