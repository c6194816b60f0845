//! go.mod and go.work: module path, `go` line, requirements, workspace `use` directories.

use std::fmt;
use std::path::{Path, PathBuf};

/// A Go language version from a `go` line (`1.22`, `1.21.3`, `1.23rc1`): only major.minor
/// decide language semantics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GoVersion {
    pub major: u32,
    pub minor: u32,
}

impl GoVersion {
    pub const fn new(major: u32, minor: u32) -> Self {
        GoVersion { major, minor }
    }

    /// Parses `1.22`, `1.22.3`, `go1.22`, `1.23rc1`; `None` for anything else.
    pub fn parse(s: &str) -> Option<GoVersion> {
        let s = s.trim().trim_start_matches("go");
        let mut parts = s.split('.');
        let major = parts.next()?.parse().ok()?;
        let minor_raw = parts.next().unwrap_or("0");
        let digits: &str = &minor_raw[..minor_raw.find(|c: char| !c.is_ascii_digit()).unwrap_or(minor_raw.len())];
        let minor = digits.parse().ok()?;
        Some(GoVersion { major, minor })
    }

    /// Loop variables are per-iteration from Go 1.22.
    pub fn has_per_iteration_loop_vars(self) -> bool {
        self >= GoVersion::new(1, 22)
    }

    /// Unreferenced timers and tickers are collected from Go 1.23.
    pub fn has_collectable_timers(self) -> bool {
        self >= GoVersion::new(1, 23)
    }
}

impl fmt::Display for GoVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// A module: the directory holding go.mod and what go.mod says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Module {
    pub root: PathBuf,
    pub path: String,
    /// The `go` line; `None` when absent (the go command then assumes 1.16).
    pub go_version: Option<GoVersion>,
    /// `require` lines: (module path, version).
    pub requires: Vec<(String, String)>,
}

impl Module {
    /// The language version for files of this module (go.mod without a `go` line means 1.16).
    pub fn language_version(&self) -> GoVersion {
        self.go_version.unwrap_or(GoVersion::new(1, 16))
    }
}

/// Reads `dir/go.mod`.
pub fn read_module(dir: &Path) -> Option<Module> {
    let text = std::fs::read_to_string(dir.join("go.mod")).ok()?;
    let mut module = Module { root: dir.to_path_buf(), path: String::new(), go_version: None, requires: Vec::new() };
    for_each_directive(&text, |verb, args| match verb {
        "module" => module.path = unquote(args).to_string(),
        "go" => module.go_version = GoVersion::parse(args),
        "require" => {
            let mut it = args.split_whitespace();
            if let (Some(p), Some(v)) = (it.next(), it.next()) {
                module.requires.push((unquote(p).to_string(), v.to_string()));
            }
        }
        _ => {}
    });
    Some(module)
}

/// The module containing `dir`: the nearest go.mod at or above it.
pub fn find_module(dir: &Path) -> Option<Module> {
    let mut cur = Some(dir);
    while let Some(d) = cur {
        if d.join("go.mod").is_file() {
            return read_module(d);
        }
        cur = d.parent();
    }
    None
}

/// A go.work file: its directory, `go` line and the module directories it uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workspace {
    pub root: PathBuf,
    pub go_version: Option<GoVersion>,
    pub uses: Vec<PathBuf>,
}

/// The nearest go.work at or above `dir`, honouring `GOWORK=off`.
pub fn find_workspace(dir: &Path) -> Option<Workspace> {
    if std::env::var("GOWORK").map(|v| v == "off").unwrap_or(false) {
        return None;
    }
    let mut cur = Some(dir);
    while let Some(d) = cur {
        if let Ok(text) = std::fs::read_to_string(d.join("go.work")) {
            let mut ws = Workspace { root: d.to_path_buf(), go_version: None, uses: Vec::new() };
            for_each_directive(&text, |verb, args| match verb {
                "go" => ws.go_version = GoVersion::parse(args),
                "use" => ws.uses.push(d.join(unquote(args.trim()))),
                _ => {}
            });
            return Some(ws);
        }
        cur = d.parent();
    }
    None
}

/// Calls `f(verb, args)` for every directive, expanding `verb ( ... )` blocks.
fn for_each_directive(text: &str, mut f: impl FnMut(&str, &str)) {
    let mut block: Option<&str> = None;
    for raw in text.lines() {
        let line = match raw.find("//") {
            Some(i) => &raw[..i],
            None => raw,
        }
        .trim();
        if line.is_empty() {
            continue;
        }
        if let Some(verb) = block {
            if line == ")" {
                block = None;
            } else {
                f(verb, line);
            }
            continue;
        }
        let (verb, rest) = match line.find(char::is_whitespace) {
            Some(i) => (&line[..i], line[i..].trim()),
            None => (line, ""),
        };
        if rest == "(" {
            block = Some(verb);
        } else {
            f(verb, rest);
        }
    }
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('"').and_then(|x| x.strip_suffix('"')).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(GoVersion::parse("1.22"), Some(GoVersion::new(1, 22)));
        assert_eq!(GoVersion::parse("1.21.3"), Some(GoVersion::new(1, 21)));
        assert_eq!(GoVersion::parse("1.23rc1"), Some(GoVersion::new(1, 23)));
        assert_eq!(GoVersion::parse("go1.9"), Some(GoVersion::new(1, 9)));
        assert_eq!(GoVersion::parse("x"), None);
        assert!(GoVersion::new(1, 22).has_per_iteration_loop_vars());
        assert!(!GoVersion::new(1, 21).has_per_iteration_loop_vars());
    }

    #[test]
    fn go_mod_directives() {
        let dir = std::env::temp_dir().join(format!("gotraps-gomod-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("go.mod"),
            "module \"example.com/svc\" // c\n\ngo 1.21.4\n\nrequire (\n\tgolang.org/x/sync v0.7.0\n\tgithub.com/A/b v1.0.0 // indirect\n)\n",
        )
        .unwrap();
        let m = read_module(&dir).unwrap();
        assert_eq!(m.path, "example.com/svc");
        assert_eq!(m.go_version, Some(GoVersion::new(1, 21)));
        assert_eq!(m.requires.len(), 2);
        assert_eq!(m.requires[1], ("github.com/A/b".to_string(), "v1.0.0".to_string()));
        std::fs::remove_dir_all(&dir).ok();
    }
}
