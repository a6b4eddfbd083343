//! Helpers shared by the integration tests: schema files on disk and scratch directories.

#![allow(dead_code)] // each test binary uses its own subset of these helpers

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// This crate's directory.
pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `*.yaml`/`*.yml` files below `dir`, as (path relative to `dir`, text), sorted by path.
pub fn yaml_files(dir: &Path) -> Vec<(PathBuf, String)> {
    let (paths, unreadable) = truto_codegen::load::yaml_paths(dir);
    assert!(unreadable.is_empty(), "cannot read {unreadable:?}");
    paths
        .into_iter()
        .map(|path| (path.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read_to_string(&path).unwrap()))
        .collect()
}

/// A fresh, empty directory under the system's temporary directory, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// A new directory whose name starts with `prefix`.
    pub fn new(prefix: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("truto-codegen-{prefix}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    /// Writes a file below the directory, creating its folders.
    pub fn write(&self, relative: &Path, contents: &[u8]) {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
