//! The schema directory as import sees it: every YAML file as an ordered tree, where each
//! section lives, and writing the files that changed, all or none.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::yaml::{self, Map, Yaml};

/// One YAML file.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Relative to the schema directory.
    pub path: PathBuf,
    /// The text as read (empty for a new file).
    pub text: String,
    /// The tree as read.
    pub original: Map,
    /// The tree as import leaves it.
    pub root: Map,
}

impl Doc {
    /// A file import creates.
    pub fn new(path: PathBuf) -> Doc {
        Doc { path, text: String::new(), original: Map::default(), root: Map::default() }
    }

    /// Whether import changed it.
    pub fn changed(&self) -> bool {
        self.root != self.original
    }
}

/// The files of a schema directory.
#[derive(Debug, Clone, Default)]
pub struct SchemaDir {
    /// Sorted by path.
    pub docs: Vec<Doc>,
}

impl SchemaDir {
    /// Reads every `*.yaml` below `dir` (none when `dir` does not exist).
    pub fn read(dir: &Path) -> Result<SchemaDir, String> {
        let mut docs = Vec::new();
        for path in yaml_files(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))? {
            let text = fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let relative = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
            let root = match yaml::parse(&relative.display().to_string(), &text)? {
                Yaml::Map(m) => m,
                _ => return Err(format!("{}: not a mapping of sections", relative.display())),
            };
            docs.push(Doc { path: relative, text, original: root.clone(), root });
        }
        Ok(SchemaDir { docs })
    }

    /// The index of the first file with a top-level `key` for which `matches` holds.
    pub fn find(&self, key: &str, matches: impl Fn(&Yaml) -> bool) -> Option<usize> {
        self.docs.iter().position(|d| d.root.get(key).is_some_and(&matches))
    }

    /// The index of the file at `path`, created when missing.
    pub fn at(&mut self, path: PathBuf) -> usize {
        match self.docs.iter().position(|d| d.path == path) {
            Some(i) => i,
            None => {
                self.docs.push(Doc::new(path));
                self.docs.len() - 1
            }
        }
    }

    /// A section by key: the file that has it, or `fallback` (created when missing) with
    /// an empty one.
    pub fn section(&mut self, key: &str, fallback: &str, empty: Yaml) -> &mut Yaml {
        let i = self.find(key, |_| true).unwrap_or_else(|| self.at(PathBuf::from(fallback)));
        let root = &mut self.docs[i].root;
        if root.get(key).is_none() {
            root.set(key, empty);
        }
        root.get_mut(key).expect("just set")
    }

    /// Every file's text as import leaves it: the changed ones written anew (an append to a
    /// lone `integrations` list keeps the rest of the file as it was).
    pub fn texts(&self) -> Result<Vec<(PathBuf, String, bool)>, String> {
        self.docs
            .iter()
            .map(|doc| {
                if !doc.changed() {
                    return Ok((doc.path.clone(), doc.text.clone(), false));
                }
                let text = appended(doc).map_or_else(|| yaml::write(&doc.root), Ok)?;
                Ok((doc.path.clone(), text, true))
            })
            .collect()
    }
}

/// When the only change is new items at the end of a file's only section, a list (new
/// integrations): the original text with the items added, comments and all.
fn appended(doc: &Doc) -> Option<String> {
    let [(key, Yaml::Seq(before))] = doc.original.0.as_slice() else { return None };
    let [(new_key, Yaml::Seq(after))] = doc.root.0.as_slice() else { return None };
    if key != new_key || after.len() <= before.len() || after[..before.len()] != before[..] {
        return None;
    }
    let added = Map(vec![(key.clone(), Yaml::Seq(after[before.len()..].to_vec()))]);
    let written = yaml::write(&added).ok()?;
    let items = written.split_once('\n')?.1;
    let mut text = doc.text.clone();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(items);
    // Sure it reads back as the tree.
    (yaml::parse("(appended)", &text).ok()? == Yaml::Map(doc.root.clone())).then_some(text)
}

/// Every schema file below `dir`, sorted; none when `dir` does not exist.
fn yaml_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let (found, unreadable) = truto_codegen::load::yaml_paths(dir);
    match unreadable.into_iter().find(|(failed, e)| failed != dir || e.kind() != io::ErrorKind::NotFound) {
        Some((_, e)) => Err(e),
        None => Ok(found),
    }
}

/// Writes `files` below `dir`, all or none (see [`crate::files::write_all`]).
pub fn write_all(dir: &Path, files: &[(PathBuf, String)]) -> io::Result<()> {
    crate::files::write_all(files.iter().map(|(path, text)| (dir.join(path), text.as_bytes())))
}

/// Writes every file of the result to a fresh scratch directory (for loading it).
pub fn scratch_copy(files: &[(PathBuf, String, bool)]) -> io::Result<ScratchDir> {
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("truto-import-{}-{n}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    for (path, text, _) in files {
        let target = dir.join(path);
        fs::create_dir_all(target.parent().unwrap_or(&dir))?;
        fs::write(target, text)?;
    }
    fs::create_dir_all(&dir)?;
    Ok(ScratchDir(dir))
}

/// A scratch directory removed when dropped.
pub struct ScratchDir(pub PathBuf);

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}
