//! Back to source (`--source DIR`): maps frame files from the dump (absolute build paths,
//! module-relative `-trimpath` paths) to files under DIR and reads the lines shown at
//! blocking and creation sites.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub struct SourceMap {
    root: PathBuf,
    resolved: HashMap<String, Option<PathBuf>>,
    lines: HashMap<PathBuf, Vec<String>>,
}

impl SourceMap {
    pub fn new(root: impl Into<PathBuf>) -> SourceMap {
        SourceMap { root: root.into(), resolved: HashMap::new(), lines: HashMap::new() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The file under the root that `dump_path` names: the longest suffix of its components
    /// that exists under the root (`/build/x/pkg/a.go` → `ROOT/pkg/a.go`).
    pub fn resolve(&mut self, dump_path: &str) -> Option<PathBuf> {
        if let Some(r) = self.resolved.get(dump_path) {
            return r.clone();
        }
        let parts: Vec<&str> = dump_path.split(['/', '\\']).filter(|p| !p.is_empty()).collect();
        let mut found = None;
        for start in 0..parts.len() {
            let cand = parts[start..].iter().fold(self.root.clone(), |p, c| p.join(c));
            if cand.is_file() {
                found = Some(cand);
                break;
            }
        }
        self.resolved.insert(dump_path.to_string(), found.clone());
        found
    }

    /// Every line of the mapped file, untrimmed.
    pub fn file_lines(&mut self, dump_path: &str) -> Option<&[String]> {
        let p = self.resolve(dump_path)?;
        if !self.lines.contains_key(&p) {
            let text = std::fs::read(&p).ok()?;
            let v = String::from_utf8_lossy(&text).lines().map(|l| l.to_string()).collect();
            self.lines.insert(p.clone(), v);
        }
        self.lines.get(&p).map(|v| v.as_slice())
    }

    /// Line `line` (1-based) of the mapped file, trimmed.
    pub fn line(&mut self, dump_path: &str, line: u32) -> Option<(PathBuf, String)> {
        let p = self.resolve(dump_path)?;
        if !self.lines.contains_key(&p) {
            let text = std::fs::read(&p).ok()?;
            let v = String::from_utf8_lossy(&text).lines().map(|l| l.to_string()).collect();
            self.lines.insert(p.clone(), v);
        }
        let text = self.lines.get(&p)?.get((line as usize).checked_sub(1)?)?.trim().to_string();
        Some((p, text))
    }

    /// Path relative to the root, `/`-separated, for matching `gotraps check` findings.
    pub fn relative(&self, p: &Path) -> String {
        p.strip_prefix(&self.root).unwrap_or(p).to_string_lossy().replace('\\', "/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_suffixes() {
        let dir = std::env::temp_dir().join(format!("gotraps-src-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("pkg")).unwrap();
        std::fs::write(dir.join("pkg/a.go"), "package pkg\n\nfunc f() {\n\tch <- 1\n}\n").unwrap();
        let mut m = SourceMap::new(&dir);
        let (p, text) = m.line("/build/ci/work/pkg/a.go", 4).unwrap();
        assert_eq!(text, "ch <- 1");
        assert_eq!(m.relative(&p), "pkg/a.go");
        assert!(m.line("example.com/mod/pkg/a.go", 99).is_none());
        assert!(m.line("/nowhere/b.go", 1).is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
