//! Import path -> package directory: the standard library under GOROOT, the module itself,
//! the workspace's other modules, `vendor/`, then the module cache.

use crate::gomod::{find_workspace, read_module, Module};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// `$GOROOT`, else what `go env GOROOT` prints; `None` when there is no toolchain.
/// Computed once per process.
pub fn goroot() -> Option<PathBuf> {
    static GOROOT: OnceLock<Option<PathBuf>> = OnceLock::new();
    GOROOT
        .get_or_init(|| {
            if let Some(r) = std::env::var_os("GOROOT").filter(|r| !r.is_empty()) {
                let p = PathBuf::from(r);
                return p.join("src").is_dir().then_some(p);
            }
            let out = std::process::Command::new("go").args(["env", "GOROOT"]).output().ok()?;
            let s = String::from_utf8(out.stdout).ok()?;
            let p = PathBuf::from(s.trim());
            (out.status.success() && p.join("src").is_dir()).then_some(p)
        })
        .clone()
}

/// The module cache: `$GOMODCACHE`, else `$GOPATH/pkg/mod`, else `~/go/pkg/mod`.
pub fn module_cache() -> Option<PathBuf> {
    if let Some(c) = std::env::var_os("GOMODCACHE").filter(|c| !c.is_empty()) {
        return Some(PathBuf::from(c));
    }
    if let Some(gp) = std::env::var_os("GOPATH").filter(|c| !c.is_empty()) {
        let first = std::env::split_paths(&gp).next()?;
        return Some(first.join("pkg/mod"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join("go/pkg/mod"))
}

/// Whether an import path names a standard-library package (no dot in its first element).
pub fn is_std_path(import_path: &str) -> bool {
    !import_path.split('/').next().unwrap_or("").contains('.')
}

/// Finds the directory of an imported package, as seen from one module.
#[derive(Clone, Debug)]
pub struct ImportResolver {
    goroot_src: Option<PathBuf>,
    /// The importing module first, then the workspace's other modules.
    modules: Vec<Module>,
    mod_cache: Option<PathBuf>,
}

impl ImportResolver {
    /// A resolver for code in `module` (or outside any module when `None`).
    pub fn new(module: Option<&Module>) -> Self {
        let mut modules: Vec<Module> = module.cloned().into_iter().collect();
        if let Some(m) = module {
            if let Some(ws) = find_workspace(&m.root) {
                for u in ws.uses {
                    if let Some(other) = read_module(&u) {
                        if other.root != m.root {
                            modules.push(other);
                        }
                    }
                }
            }
        }
        ImportResolver { goroot_src: goroot().map(|r| r.join("src")), modules, mod_cache: module_cache() }
    }

    pub fn goroot_src(&self) -> Option<&Path> {
        self.goroot_src.as_deref()
    }

    /// The directory of `import_path`, or `None` when it cannot be found here (the
    /// package is then unknown to the analysis, never a finding on its own).
    pub fn resolve(&self, import_path: &str) -> Option<PathBuf> {
        if import_path.is_empty() || import_path == "C" {
            return None;
        }
        if is_std_path(import_path) {
            let dir = self.goroot_src.as_ref()?.join(import_path);
            return dir.is_dir().then_some(dir);
        }
        for m in &self.modules {
            if let Some(rest) = strip_module_prefix(import_path, &m.path) {
                let dir = m.root.join(rest);
                if dir.is_dir() {
                    return Some(dir);
                }
            }
        }
        if let Some(m) = self.modules.first() {
            let dir = m.root.join("vendor").join(import_path);
            if dir.is_dir() {
                return Some(dir);
            }
        }
        // Standard library's own vendored dependencies (golang.org/x/net/... used by net/http).
        if let Some(src) = &self.goroot_src {
            let dir = src.join("vendor").join(import_path);
            if dir.is_dir() {
                return Some(dir);
            }
        }
        let cache = self.mod_cache.as_ref()?;
        let m = self.modules.first()?;
        let (req, version) = m
            .requires
            .iter()
            .filter(|(p, _)| strip_module_prefix(import_path, p).is_some())
            .max_by_key(|(p, _)| p.len())?;
        let rest = strip_module_prefix(import_path, req)?;
        let dir = cache.join(format!("{}@{}", escape_module_path(req), version)).join(rest);
        dir.is_dir().then_some(dir)
    }
}

fn strip_module_prefix<'a>(import_path: &'a str, module_path: &str) -> Option<&'a str> {
    if module_path.is_empty() {
        return None;
    }
    let rest = import_path.strip_prefix(module_path)?;
    if rest.is_empty() {
        Some("")
    } else {
        rest.strip_prefix('/')
    }
}

/// The module cache's case encoding: `github.com/Azure/x` -> `github.com/!azure/x`.
fn escape_module_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len() + 4);
    for c in p.chars() {
        if c.is_ascii_uppercase() {
            out.push('!');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_and_escaping() {
        assert_eq!(strip_module_prefix("example.com/m/sub", "example.com/m"), Some("sub"));
        assert_eq!(strip_module_prefix("example.com/m", "example.com/m"), Some(""));
        assert_eq!(strip_module_prefix("example.com/mx", "example.com/m"), None);
        assert_eq!(escape_module_path("github.com/Azure/go-AutoRest"), "github.com/!azure/go-!auto!rest");
        assert!(is_std_path("net/http"));
        assert!(!is_std_path("golang.org/x/sync/errgroup"));
    }

    #[test]
    fn resolves_std_when_a_toolchain_is_present() {
        let r = ImportResolver::new(None);
        match r.goroot_src() {
            Some(_) => {
                assert!(r.resolve("sync").unwrap().join("mutex.go").is_file());
                assert!(r.resolve("golang.org/x/net/http2/hpack").is_some(), "std vendor directory");
                assert_eq!(r.resolve("example.invalid/nope"), None);
            }
            None => {
                assert!(std::env::var("CI").as_deref() != Ok("true"), "CI must have a Go toolchain");
                eprintln!("skipped: no Go toolchain");
            }
        }
    }
}
