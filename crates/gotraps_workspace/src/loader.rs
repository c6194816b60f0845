//! From command-line targets to packages: directory walking, `./...` patterns,
//! build-constraint filtering and grouping files into packages.

use crate::constraints::{scan_header, BuildContext, FileHeader};
use crate::gomod::{find_module, GoVersion, Module};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One Go package: the files of one directory that share a package clause and survive
/// the build constraints. `foo` and `foo_test` in the same directory are two packages.
#[derive(Clone, Debug)]
pub struct Package {
    pub dir: PathBuf,
    pub name: String,
    /// Sorted by file name.
    pub files: Vec<PathBuf>,
    /// The module the directory belongs to, if any.
    pub module: Option<Arc<Module>>,
}

impl Package {
    /// The language version for this package's files (module `go` line, else the
    /// newest release, as for code outside any module).
    pub fn go_version(&self) -> GoVersion {
        self.module.as_ref().map(|m| m.language_version()).unwrap_or(GoVersion::new(1, crate::LATEST_GO_MINOR))
    }

    /// Import path derived from the module path and the directory (`None` outside modules).
    pub fn import_path(&self) -> Option<String> {
        let m = self.module.as_ref()?;
        let rel = self.dir.strip_prefix(&m.root).ok()?;
        let mut p = m.path.clone();
        for c in rel.components() {
            p.push('/');
            p.push_str(&c.as_os_str().to_string_lossy());
        }
        Some(p)
    }
}

/// A problem finding files; reported to the user, the rest of the run goes on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub path: PathBuf,
    pub message: String,
}

/// What a run analyzes.
#[derive(Debug, Default)]
pub struct LoadResult {
    /// Sorted by directory, then package name.
    pub packages: Vec<Package>,
    pub errors: Vec<LoadError>,
    /// Targets that hold nothing to analyze (a directory without Go files), reported to
    /// the user without failing the run.
    pub warnings: Vec<LoadError>,
}

/// Texts that replace files on disk (an editor's unsaved buffers), by absolute path.
pub type Overlay = std::collections::HashMap<PathBuf, Arc<str>>;

/// How targets become packages beyond the build context.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadOptions<'a> {
    /// Keep files with Go's generated-code header; by default they are skipped, as
    /// staticcheck and golangci-lint do (the header is go/ast.IsGenerated's).
    pub include_generated: bool,
    /// Headers of these files are read from the overlay, not the disk.
    pub overlay: Option<&'a Overlay>,
}

/// The overlay text of `path`, if any (keys are absolute; `path` may be relative).
pub fn overlay_text<'a>(overlay: Option<&'a Overlay>, path: &Path) -> Option<&'a Arc<str>> {
    let overlay = overlay.filter(|o| !o.is_empty())?;
    overlay.get(path).or_else(|| overlay.get(&absolute(path)))
}

/// Resolves targets (files, directories, `dir/...`, `./...`) to packages.
///
/// A directory argument is analyzed recursively, like `dir/...`, skipping `vendor`,
/// `testdata` and directories starting with `.` or `_`. A file argument is analyzed on
/// its own, whatever its build constraints say (the user asked for it explicitly). A
/// target that is not a path but an import path of the current module (or of a go.work
/// module, or the standard library) is that package's directory; `path/...` is every
/// package below it. Generated files are skipped.
pub fn load(targets: &[String], ctx: &BuildContext) -> LoadResult {
    load_with(targets, ctx, LoadOptions::default())
}

/// [`load`] with options.
pub fn load_with(targets: &[String], ctx: &BuildContext, options: LoadOptions) -> LoadResult {
    let mut result = LoadResult::default();
    let mut dirs: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    let mut explicit_files: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    // Directory targets and how many Go file names the walk found under each.
    let mut dir_targets: Vec<(PathBuf, String, usize)> = Vec::new();
    for t in targets {
        let (base, recursive) = match t.strip_suffix("/...") {
            Some(b) => (if b.is_empty() { "." } else { b }, true),
            None if t == "..." => (".", true),
            None => (t.as_str(), true),
        };
        let mut path = PathBuf::from(base);
        let mut recursive = recursive;
        let mut meta = std::fs::metadata(&path);
        if meta.is_err() && overlay_text(options.overlay, &path).is_some() {
            explicit_files.entry(parent_dir(&path)).or_default().push(path.clone());
            continue;
        }
        if let Err(e) = &meta {
            if e.kind() == io::ErrorKind::NotFound && looks_like_import_path(base) {
                match resolve_import_target(base) {
                    Ok(dir) => {
                        // As with the go command, `pkg` is one package and `pkg/...` all below.
                        recursive = t.ends_with("/...");
                        meta = std::fs::metadata(&dir);
                        path = dir;
                    }
                    // A bare word is more likely a mistyped directory than a package.
                    Err(_) if !base.contains(['/', '.']) => {
                        result.errors.push(LoadError { path, message: io_message(e) });
                        continue;
                    }
                    Err(message) => {
                        result.errors.push(LoadError { path, message });
                        continue;
                    }
                }
            }
        }
        match meta {
            Ok(m) if m.is_file() => {
                explicit_files.entry(parent_dir(&path)).or_default().push(path.clone());
            }
            Ok(m) if m.is_dir() => {
                let found = walk(&path, recursive, ctx, &mut dirs, &mut result.errors);
                dir_targets.push((path, t.clone(), found));
            }
            Ok(_) => result.errors.push(LoadError { path, message: "not a file or directory".into() }),
            Err(e) => result.errors.push(LoadError { path, message: io_message(&e) }),
        }
    }
    let mut modules: BTreeMap<PathBuf, Option<Arc<Module>>> = BTreeMap::new();
    let mut module_for = |dir: &Path| -> Option<Arc<Module>> {
        modules.entry(dir.to_path_buf()).or_insert_with(|| find_module(&absolute(dir)).map(Arc::new)).clone()
    };
    // Header scans read every file: do them in parallel, then group in order.
    let dirs: Vec<(PathBuf, Vec<PathBuf>)> = dirs.into_iter().collect();
    let headers: Vec<Vec<io::Result<FileHeader>>> =
        dirs.par_iter().map(|(_, files)| files.iter().map(|f| read_header(f, options.overlay)).collect()).collect();
    let mut generated_skipped: Vec<PathBuf> = Vec::new();
    for ((dir, files), headers) in dirs.into_iter().zip(headers) {
        let module = module_for(&dir);
        let mut with_headers = Vec::with_capacity(files.len());
        for (f, h) in files.into_iter().zip(headers) {
            if !options.include_generated && h.as_ref().is_ok_and(|h| h.generated) {
                generated_skipped.push(f);
            } else {
                with_headers.push((f, h));
            }
        }
        group_into_packages(&dir, with_headers, module, ctx, true, &mut result);
    }
    for (dir, mut files) in explicit_files {
        files.sort();
        files.dedup();
        let module = module_for(&dir);
        let with_headers = files.into_iter().map(|f| (f.clone(), read_header(&f, options.overlay))).collect();
        group_into_packages(&dir, with_headers, module, ctx, false, &mut result);
    }
    for (dir, target, found) in dir_targets {
        if result.packages.iter().any(|p| p.dir.starts_with(&dir)) {
            continue;
        }
        let generated = generated_skipped.iter().filter(|f| f.starts_with(&dir)).count();
        let message = if found == 0 {
            "no Go files here or below (vendor, testdata and directories starting with `.` or `_` are skipped)"
                .to_string()
        } else if generated == found {
            format!("only generated Go files ({generated}); --include-generated checks them")
        } else {
            format!("no Go files for {}/{} and the given tags", ctx.goos, ctx.goarch)
        };
        result.warnings.push(LoadError { path: PathBuf::from(target), message });
    }
    result.packages.sort_by(|a, b| (&a.dir, &a.name).cmp(&(&b.dir, &b.name)));
    result.packages.dedup_by(|a, b| a.dir == b.dir && a.name == b.name && a.files == b.files);
    result
}

fn parent_dir(file: &Path) -> PathBuf {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Whether a target that is not on disk reads as a Go import path (`example.com/m/pkg`,
/// `net/http`) rather than a mistyped file name.
fn looks_like_import_path(t: &str) -> bool {
    !t.is_empty()
        && !t.starts_with(['.', '/', '\\'])
        && !t.ends_with(".go")
        && !t.contains('\\')
        && t.split('/').all(|seg| !seg.is_empty() && seg != "." && seg != "..")
}

/// The directory of import path `path`: in the module of the working directory, a module
/// of its go.work, or the standard library. The error says where it was looked for.
fn resolve_import_target(path: &str) -> Result<PathBuf, String> {
    let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
    let mut modules: Vec<Module> = Vec::new();
    if let Some(ws) = crate::gomod::find_workspace(&cwd) {
        modules.extend(ws.uses.iter().filter_map(|d| crate::gomod::read_module(d)));
    }
    if let Some(m) = find_module(&cwd) {
        modules.push(m);
    }
    // The longest module path wins, as nested modules own their subtrees.
    modules.sort_by_key(|m| std::cmp::Reverse(m.path.len()));
    for m in &modules {
        let rest = if path == m.path {
            Some("")
        } else {
            path.strip_prefix(m.path.as_str()).and_then(|r| r.strip_prefix('/'))
        };
        if let Some(rest) = rest {
            let dir = if rest.is_empty() { m.root.clone() } else { m.root.join(rest) };
            if dir.is_dir() {
                return Ok(display_relative(&dir, &cwd));
            }
            return Err(format!(
                "no such file or directory, nor a package of module {} (no directory {})",
                m.path,
                dir.display()
            ));
        }
    }
    if crate::resolve::is_std_path(path) {
        if let Some(dir) = crate::resolve::goroot().map(|r| r.join("src").join(path)).filter(|d| d.is_dir()) {
            return Ok(dir);
        }
    }
    Err(match modules.last() {
        Some(m) => format!(
            "no such file or directory, nor a package of module {} ({}); name a directory, or an import path below {}",
            m.path,
            m.root.join("go.mod").display(),
            m.path
        ),
        None => "no such file or directory, and no go.mod here to resolve it as an import path".to_string(),
    })
}

/// `dir` relative to `cwd` when below it, so findings print as short paths.
fn display_relative(dir: &Path, cwd: &Path) -> PathBuf {
    let canon_cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
    let canon = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    match canon.strip_prefix(&canon_cwd) {
        Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rel) => rel.to_path_buf(),
        Err(_) => dir.to_path_buf(),
    }
}

/// The Go files of one package directory after build constraints (not recursive).
pub fn package_go_files(dir: &Path, ctx: &BuildContext) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if is_candidate_go_file(&name, ctx) && entry.file_type().map(|t| !t.is_dir()).unwrap_or(false) {
            let path = entry.path();
            if let Ok(header) = read_header(&path, None) {
                if header.satisfied(ctx) {
                    out.push(path);
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

fn is_candidate_go_file(name: &str, ctx: &BuildContext) -> bool {
    name.ends_with(".go") && !name.starts_with('.') && !name.starts_with('_') && ctx.matches_file_name(name)
}

/// Collects the candidate Go files of `root` (and below it if `recursive`) into `dirs`;
/// returns how many it found.
fn walk(
    root: &Path,
    recursive: bool,
    ctx: &BuildContext,
    dirs: &mut BTreeMap<PathBuf, Vec<PathBuf>>,
    errors: &mut Vec<LoadError>,
) -> usize {
    let mut found = 0;
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                errors.push(LoadError { path: dir, message: io_message(&e) });
                continue;
            }
        };
        let mut files = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let Ok(ft) = entry.file_type() else { continue };
            if ft.is_dir() {
                if recursive
                    && !(name.starts_with('.') || name.starts_with('_') || name == "vendor" || name == "testdata")
                {
                    stack.push(entry.path());
                }
            } else if is_candidate_go_file(&name, ctx) && (ft.is_file() || ft.is_symlink()) {
                files.push(entry.path());
            }
        }
        if !files.is_empty() {
            found += files.len();
            files.sort();
            dirs.entry(dir).or_default().extend(files);
        }
    }
    found
}

fn group_into_packages(
    dir: &Path,
    files: Vec<(PathBuf, io::Result<FileHeader>)>,
    module: Option<Arc<Module>>,
    ctx: &BuildContext,
    apply_constraints: bool,
    result: &mut LoadResult,
) {
    let mut by_name: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for (f, header) in files {
        let header = match header {
            Ok(h) => h,
            Err(e) => {
                result.errors.push(LoadError { path: f, message: io_message(&e) });
                continue;
            }
        };
        if apply_constraints && !header.satisfied(ctx) {
            continue;
        }
        // A file with no readable package clause still gets parsed, so its syntax error
        // is reported; it joins the directory's first package.
        by_name.entry(header.package_name).or_default().push(f);
    }
    let unnamed = by_name.remove("");
    let mut packages: Vec<Package> = by_name
        .into_iter()
        .map(|(name, files)| Package { dir: dir.to_path_buf(), name, files, module: module.clone() })
        .collect();
    if let Some(files) = unnamed {
        match packages.first_mut() {
            Some(p) => {
                p.files.extend(files);
                p.files.sort();
            }
            None => packages.push(Package { dir: dir.to_path_buf(), name: String::new(), files, module }),
        }
    }
    result.packages.extend(packages);
}

/// Scans a file's header from its first bytes; constraint comments and the package clause
/// nearly always fit, so the whole file is read only when they do not.
fn read_header(path: &Path, overlay: Option<&Overlay>) -> io::Result<FileHeader> {
    use std::io::Read;
    if let Some(text) = overlay_text(overlay, path) {
        return Ok(scan_header(text.as_bytes()));
    }
    const PREFIX: usize = 8192;
    let mut f = std::fs::File::open(path)?;
    let mut buf = vec![0u8; PREFIX];
    let mut n = 0;
    while n < PREFIX {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    buf.truncate(n);
    let header = scan_header(&buf);
    if header.package_name.is_empty() && n == PREFIX {
        f.read_to_end(&mut buf)?;
        return Ok(scan_header(&buf));
    }
    Ok(header)
}

fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("gotraps-loader-{}-{}", name, std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn write(p: &Path, text: &str) {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    #[test]
    fn walks_modules_and_applies_constraints() {
        let d = scratch("walk");
        write(&d.join("go.mod"), "module example.com/m\n\ngo 1.21\n");
        write(&d.join("a.go"), "package m\n");
        write(&d.join("a_windows.go"), "package m\n");
        write(&d.join("b.go"), "//go:build ignore\n\npackage main\n");
        write(&d.join("a_test.go"), "package m_test\n");
        write(&d.join("sub/c.go"), "package sub\n");
        write(&d.join("testdata/t.go"), "package t\n");
        write(&d.join("vendor/v/v.go"), "package v\n");
        write(&d.join(".hidden/h.go"), "package h\n");
        write(&d.join("_skip/s.go"), "package s\n");
        let mut ctx = BuildContext::host();
        ctx.goos = "linux".into();
        let r = load(&[d.to_string_lossy().into_owned()], &ctx);
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        let names: Vec<_> = r.packages.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["m", "sub"]);
        assert_eq!(r.packages[0].files.len(), 1);
        assert_eq!(r.packages[0].go_version(), GoVersion::new(1, 21));
        assert_eq!(r.packages[1].import_path().as_deref(), Some("example.com/m/sub"));

        ctx.include_tests = true;
        let r = load(&[format!("{}/...", d.display())], &ctx);
        let names: Vec<_> = r.packages.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["m", "m_test", "sub"]);
        std::fs::remove_dir_all(&d).ok();
    }

    #[test]
    fn missing_target_is_an_error_not_a_panic() {
        let r = load(&["/definitely/not/here".to_string()], &BuildContext::host());
        assert_eq!(r.errors.len(), 1);
        assert_eq!(r.errors[0].message, "no such file or directory");
    }
}
