//! Writing files so that a failure leaves no half-written one: the one way xtask writes.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Writes each `(target, contents)`: every file to a temporary file beside its target first,
/// then every one renamed into place. A failure before the renames leaves every target as it
/// was (the temporary files are removed), and a rename replaces a file whole, so an
/// interrupted run leaves each target old or new, never half of one.
pub fn write_all<'a>(files: impl IntoIterator<Item = (PathBuf, &'a [u8])>) -> io::Result<()> {
    let mut staged = Vec::new();
    for (target, contents) in files {
        match stage(&target, contents) {
            Ok(temporary) => staged.push((temporary, target)),
            Err(e) => {
                for (temporary, _) in &staged {
                    let _ = fs::remove_file(temporary);
                }
                return Err(e);
            }
        }
    }
    for (temporary, target) in staged {
        fs::rename(&temporary, &target).inspect_err(|_| {
            let _ = fs::remove_file(&temporary);
        })?;
    }
    Ok(())
}

/// Writes one file the same way.
pub fn write_atomically(target: &Path, contents: &[u8]) -> io::Result<()> {
    write_all([(target.to_path_buf(), contents)])
}

/// `contents` in a temporary file in the target's directory (created if needed): its path.
fn stage(target: &Path, contents: &[u8]) -> io::Result<PathBuf> {
    let dir = target.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    if let Err(e) = fs::write(&temporary, contents) {
        let _ = fs::remove_file(&temporary);
        return Err(e);
    }
    Ok(temporary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_is_written_and_no_temporary_file_is_left() {
        let dir = std::env::temp_dir().join(format!("xtask-files-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let (a, b) = (dir.join("a.txt"), dir.join("nested/b.txt"));
        write_all([(a.clone(), &b"one"[..]), (b.clone(), &b"two"[..])]).expect("write");
        write_atomically(&a, b"again").expect("rewrite");
        assert_eq!(fs::read(&a).expect("a"), b"again");
        assert_eq!(fs::read(&b).expect("b"), b"two");
        let mut names: Vec<_> = fs::read_dir(&dir).expect("dir").map(|e| e.expect("entry").file_name()).collect();
        names.sort();
        assert_eq!(names, ["a.txt", "nested"]);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_failure_before_the_renames_leaves_every_target_as_it_was() {
        let dir = std::env::temp_dir().join(format!("xtask-files-fail-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("dir");
        let kept = dir.join("kept.txt");
        fs::write(&kept, b"old").expect("old");
        // A target below a file cannot be staged: its directory cannot be created.
        let impossible = kept.join("below-a-file.txt");
        assert!(write_all([(kept.clone(), &b"new"[..]), (impossible, &b"x"[..])]).is_err());
        assert_eq!(fs::read(&kept).expect("kept"), b"old");
        assert_eq!(fs::read_dir(&dir).expect("dir").count(), 1, "no temporary file is left");
        let _ = fs::remove_dir_all(&dir);
    }
}
