//! Back to source (`--source DIR`): maps frame files from the dump (absolute build paths,
//! module-relative `-trimpath` paths) to files under DIR and reads the lines shown at
//! blocking and creation sites. The check driver adds what the semantic model knows about
//! each line of the files it analysed ([`ModelLine`]): locks held there and the operations
//! that could complete a channel operation.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What the semantic model says about one line of a file it analysed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModelLine {
    /// 1-based.
    pub line: u32,
    /// Lock expressions held on every path reaching the line (`s.mu`).
    pub held: Vec<String>,
    /// For a channel operation, the operations that could complete it: (path relative to
    /// the root, 1-based line, source text).
    pub partners: Vec<(String, u32, String)>,
}

pub struct SourceMap {
    root: PathBuf,
    resolved: HashMap<String, Option<PathBuf>>,
    lines: HashMap<PathBuf, Vec<String>>,
    /// Per analysed file (canonical path), its lines with model facts, sorted by line.
    model: HashMap<PathBuf, Vec<ModelLine>>,
}

impl SourceMap {
    pub fn new(root: impl Into<PathBuf>) -> SourceMap {
        SourceMap { root: root.into(), resolved: HashMap::new(), lines: HashMap::new(), model: HashMap::new() }
    }

    /// Records the model's facts for `file` (any spelling of its path), which the model
    /// analysed: lines not listed hold no lock and have no channel partner.
    pub fn add_model_facts(&mut self, file: &Path, mut lines: Vec<ModelLine>) {
        lines.sort_by_key(|l| l.line);
        let key = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
        self.model.insert(key, lines);
    }

    /// The model's facts at `line` of the file `dump_path` maps to: `None` when the model
    /// did not analyse that file (callers then read the text), `Some(None)` when it did and
    /// has nothing to say about the line.
    pub fn model_line(&mut self, dump_path: &str, line: u32) -> Option<Option<&ModelLine>> {
        if self.model.is_empty() {
            return None;
        }
        let p = self.resolve(dump_path)?;
        let key = std::fs::canonicalize(&p).unwrap_or(p);
        let lines = self.model.get(&key)?;
        Some(lines.binary_search_by_key(&line, |l| l.line).ok().map(|i| &lines[i]))
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
