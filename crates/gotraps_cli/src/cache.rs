//! The result cache of `gotraps check`: a package whose files, configuration and
//! dependencies are unchanged since the last run with the same options gets its findings
//! back without being parsed or analysed.
//!
//! What a package's findings depend on, and how each is checked on the next run:
//! - the run's options (binary, working directory, targets, rules, build context, go
//!   version, config file): hashed into the cache file's name, so a different run uses a
//!   different file;
//! - the package's own files: their list, in order, and a 128-bit hash of each file's
//!   bytes (the bytes are read anyway);
//! - every package its model loaded, transitively ([`Program::dependency_closure`]): for
//!   targets of this run, their content hashes and file lists as above, or, when their
//!   content changed, their declarations ([`declarations_hash`]: another package is seen
//!   only through its declarations, so an edit inside a function body or a comment
//!   leaves its importers' findings as they were); for others, the directory's
//!   modification time and the size and modification time of each `.go` file in it (a
//!   file added, removed or edited changes one of them);
//! - every import those packages resolved: asked again ([`Program::locate`]), it must
//!   lead to the same place (a go.mod, go.work or vendor change moves it).
//!
//! Anything unreadable or unexpected in the cache is a miss, never an error.

use gotraps_diagnostics::Diagnostic;
use gotraps_semantic::{Dependency, DependencyKey, ImportSource, PkgId, Program};
use gotraps_syntax::ast::{Decl, File};
use gotraps_workspace::{overlay_text, Overlay};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// Bumped when the file layout changes.
const FORMAT: u32 = 3;

/// Where cache files live: `$GOTRAPS_CACHE_DIR`, else `$XDG_CACHE_HOME/gotraps`, else
/// `~/.cache/gotraps`.
pub fn default_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("GOTRAPS_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d).join("gotraps"));
    }
    std::env::var_os("HOME").filter(|d| !d.is_empty()).map(|h| PathBuf::from(h).join(".cache").join("gotraps"))
}

/// Hashes the parts of a run that decide every package's findings into one key. The
/// binary itself is part of it (see [`Fingerprint::binary`]).
pub struct Fingerprint(xxhash_rust::xxh3::Xxh3);

impl Fingerprint {
    pub fn new() -> Self {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(&FORMAT.to_le_bytes());
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        if let Ok(cwd) = std::env::current_dir() {
            h.update(cwd.as_os_str().as_encoded_bytes());
        }
        Fingerprint(h)
    }

    /// Adds one named part; parts are length-prefixed so they cannot run together.
    pub fn part(&mut self, name: &str, value: impl AsRef<[u8]>) -> &mut Self {
        let value = value.as_ref();
        self.0.update(name.as_bytes());
        self.0.update(&(value.len() as u64).to_le_bytes());
        self.0.update(value);
        self
    }

    /// Adds the running binary's content hash: a rebuilt gotraps never trusts an older
    /// one's results, and the same build installed again (a CI runner restoring its cache)
    /// does. Hashing 34 MB takes a third of a warm run, so the hash is kept in `dir` under
    /// the binary's path, size and modification time, and computed once per install.
    pub fn binary(&mut self, dir: &Path) -> &mut Self {
        let hash = binary_hash(dir).unwrap_or_default();
        self.part("binary", hash.to_le_bytes())
    }

    pub fn finish(&self) -> u128 {
        self.0.digest128()
    }
}

fn binary_hash(dir: &Path) -> Option<u128> {
    let exe = std::env::current_exe().ok()?;
    let stamp = stamp_of(&exe)?;
    let mut id = xxhash_rust::xxh3::Xxh3::new();
    id.update(exe.as_os_str().as_encoded_bytes());
    id.update(&stamp.len.to_le_bytes());
    id.update(&stamp.mtime.to_le_bytes());
    let sidecar = dir.join(format!("binary-{:032x}", id.digest128()));
    if let Some(known) = std::fs::read(&sidecar).ok().and_then(|b| <[u8; 16]>::try_from(b).ok()) {
        return Some(u128::from_le_bytes(known));
    }
    let hash = hash_bytes(&std::fs::read(&exe).ok()?);
    if std::fs::create_dir_all(dir).is_ok() {
        let tmp = dir.join(format!(".{}.binary", std::process::id()));
        if std::fs::write(&tmp, hash.to_le_bytes()).is_ok() && std::fs::rename(&tmp, &sidecar).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
    Some(hash)
}

/// The 128-bit content hash used for target files.
pub fn hash_bytes(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// A file's size and modification time, in nanoseconds since the epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    len: u64,
    mtime: u64,
}

fn stamp_of(path: &Path) -> Option<Stamp> {
    let md = std::fs::metadata(path).ok()?;
    let mtime = md.modified().ok()?.duration_since(UNIX_EPOCH).ok()?.as_nanos() as u64;
    Some(Stamp { len: md.len(), mtime })
}

/// The cache of one kind of run, read at the start and written at the end.
pub struct Cache {
    path: PathBuf,
    store: Store,
}

#[derive(Default, Serialize, Deserialize)]
struct Store {
    format: u32,
    /// Loaded packages that target packages depend on, shared between them.
    deps: Vec<DepRecord>,
    packages: Vec<PackageRecord>,
}

#[derive(Clone, Serialize, Deserialize)]
struct DepRecord {
    /// `dir:` + absolute directory, or `pkg:` + import path for packages with no directory.
    key: String,
    /// The directory's own stamp (entries added or removed change its modification time).
    dir: Option<Stamp>,
    /// Every `.go` file in the directory, by name.
    files: Vec<(String, Stamp)>,
    /// The files the package was built from, by name (a subset of `files`).
    read: Vec<String>,
    /// Imports resolved while checking, and where each led.
    imports: Vec<(String, String)>,
    /// For a target of the run: [`declarations_hash`] of the package as it was loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    decls: Option<String>,
}

#[derive(Clone, Serialize, Deserialize)]
struct PackageRecord {
    dir: String,
    go_version: String,
    files: Vec<FileRecord>,
    /// Indices into `Store::deps`.
    deps: Vec<u32>,
}

#[derive(Clone, Serialize, Deserialize)]
struct FileRecord {
    path: String,
    hash: String,
    diagnostics: Vec<Diagnostic>,
}

/// One target package as this run sees it, before analysis.
pub struct PackageKey<'a> {
    pub dir: &'a Path,
    pub go_version: String,
    /// Display path and content hash of each file, in order.
    pub files: Vec<(&'a str, u128)>,
    /// Each file's name, in the same order.
    pub names: Vec<&'a str>,
}

/// A package's findings, computed this run, with what they depend on.
pub struct Computed<'a> {
    pub key: PackageKey<'a>,
    pub diagnostics: Vec<&'a [Diagnostic]>,
    /// [`Program::dependency_closure`] of the package.
    pub dependencies: Vec<PkgId>,
}

impl Cache {
    /// Opens the cache for a run with fingerprint `key` in `dir`; an unreadable or older
    /// file is an empty cache.
    pub fn open(dir: &Path, key: u128) -> Cache {
        let path = dir.join(format!("check-{key:032x}.json"));
        let store = std::fs::read(&path)
            .ok()
            .and_then(|b| serde_json::from_slice::<Store>(&b).ok())
            .filter(|s| s.format == FORMAT)
            .unwrap_or_default();
        Cache { path, store }
    }

    /// For each package, its cached findings per file when nothing they depend on has
    /// changed.
    /// Files in `overlay` are read from it.
    pub fn lookup(
        &self,
        packages: &[PackageKey],
        program: &Program,
        overlay: Option<&Overlay>,
    ) -> Vec<Option<Vec<Vec<Diagnostic>>>> {
        if self.store.packages.is_empty() {
            return packages.iter().map(|_| None).collect();
        }
        let by_dir: HashMap<&Path, &PackageRecord> =
            self.store.packages.iter().map(|p| (Path::new(p.dir.as_str()), p)).collect();
        // A target's files match its record: its own findings can be reused, and so can
        // those of packages that depend on it.
        let own: Vec<Option<&PackageRecord>> =
            packages.par_iter().map(|k| by_dir.get(k.dir).copied().filter(|r| record_matches(r, k))).collect();
        // An edited target may still declare what it declared: its importers only see that.
        let edited_decls: Vec<Option<u128>> = packages
            .par_iter()
            .zip(&own)
            .map(|(k, r)| if r.is_some() { None } else { declarations_hash_of_files(k, overlay) })
            .collect();
        let targets: HashMap<&Path, Target> = packages
            .iter()
            .zip(&own)
            .zip(&edited_decls)
            .map(|((k, r), decls)| (k.dir, Target { unchanged: r.is_some(), names: k.names.as_slice(), decls: *decls }))
            .collect();
        let deps_valid: Vec<bool> = self.store.deps.par_iter().map(|d| dep_unchanged(d, &targets, program)).collect();
        own.into_iter()
            .map(|record| {
                let record = record?;
                if !record.deps.iter().all(|&i| deps_valid.get(i as usize).copied().unwrap_or(false)) {
                    return None;
                }
                record.files.iter().map(|f| f.diagnostics.iter().map(known).collect::<Option<Vec<_>>>()).collect()
            })
            .collect()
    }

    /// Replaces the records of the packages computed this run, keeps those of packages
    /// served from the cache (`kept`: their directories), drops the rest, and writes the
    /// file. A failure to write only costs the next run its speed.
    pub fn save(mut self, computed: Vec<Computed>, kept: &[&Path], program: &Program) {
        let target_dirs: HashSet<&Path> = computed.iter().map(|c| c.key.dir).chain(kept.iter().copied()).collect();
        let old = std::mem::take(&mut self.store);
        let mut deps: Vec<DepRecord> = Vec::new();
        let mut dep_index: HashMap<String, u32> = HashMap::default();
        // Packages share most of their dependencies: clone each record once.
        let mut intern = |d: &DepRecord, deps: &mut Vec<DepRecord>| -> u32 {
            if let Some(&i) = dep_index.get(&d.key) {
                return i;
            }
            deps.push(d.clone());
            let i = (deps.len() - 1) as u32;
            dep_index.insert(d.key.clone(), i);
            i
        };
        let kept: HashSet<&Path> = kept.iter().copied().collect();
        let mut packages = Vec::new();
        for p in old.packages {
            if !kept.contains(Path::new(p.dir.as_str())) {
                continue;
            }
            let ids = p.deps.iter().filter_map(|&i| old.deps.get(i as usize)).map(|d| intern(d, &mut deps)).collect();
            packages.push(PackageRecord { deps: ids, ..p });
        }
        // Stamping is I/O and locating imports may be too: once per package, in parallel.
        let mut unique: Vec<PkgId> = computed.iter().flat_map(|c| c.dependencies.iter().copied()).collect();
        unique.sort_unstable_by_key(|id| id.0);
        unique.dedup();
        let fresh: HashMap<PkgId, DepRecord> = unique
            .par_iter()
            .filter_map(|&id| Some((id, record_dependency(&program.dependency(id)?, program, id, &target_dirs))))
            .collect();
        for c in computed {
            let ids = c.dependencies.iter().filter_map(|id| fresh.get(id)).map(|d| intern(d, &mut deps)).collect();
            let files = c
                .key
                .files
                .iter()
                .zip(&c.diagnostics)
                .map(|((path, hash), diags)| FileRecord {
                    path: path.to_string(),
                    hash: format!("{hash:032x}"),
                    diagnostics: diags.to_vec(),
                })
                .collect();
            packages.push(PackageRecord {
                dir: c.key.dir.to_string_lossy().into_owned(),
                go_version: c.key.go_version,
                files,
                deps: ids,
            });
        }
        packages.sort_by(|a, b| a.dir.cmp(&b.dir));
        let store = Store { format: FORMAT, deps, packages };
        let Some(parent) = self.path.parent() else { return };
        if std::fs::create_dir_all(parent).is_err() {
            return;
        }
        let Ok(bytes) = serde_json::to_vec(&store) else { return };
        // Written aside and renamed: a concurrent run reads the old file or the new one.
        let tmp = parent.join(format!(
            ".{}.{}",
            std::process::id(),
            self.path.file_name().unwrap_or_default().to_string_lossy()
        ));
        if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, &self.path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        prune(parent);
    }
}

/// Cache files kept per directory, of each kind: results (one per kind of run: binary,
/// options, targets) and binary hashes (one per install). Older ones, by last write, are
/// removed so rebuilding gotraps or varying flags cannot fill the disk.
const KEEP_FILES: usize = 32;

fn prune(dir: &Path) {
    for (prefix, suffix) in [("check-", ".json"), ("binary-", "")] {
        prune_kind(dir, prefix, suffix);
    }
}

fn prune_kind(dir: &Path, prefix: &str, suffix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(|e| {
            let e = e.ok()?;
            let name = e.file_name().into_string().ok()?;
            if !(name.starts_with(prefix) && name.ends_with(suffix)) {
                return None;
            }
            Some((e.metadata().ok()?.modified().ok()?, e.path()))
        })
        .collect();
    if files.len() <= KEEP_FILES {
        return;
    }
    files.sort();
    for (_, path) in &files[..files.len() - KEEP_FILES] {
        let _ = std::fs::remove_file(path);
    }
}

fn record_matches(r: &PackageRecord, k: &PackageKey) -> bool {
    r.go_version == k.go_version
        && r.files.len() == k.files.len()
        && r.files.iter().zip(&k.files).all(|(f, (path, hash))| f.path == *path && f.hash == format!("{hash:032x}"))
}

fn key_string(k: &DependencyKey) -> String {
    match k {
        DependencyKey::Dir(d) => format!("dir:{}", d.to_string_lossy()),
        DependencyKey::Synthetic(p) => format!("pkg:{p}"),
    }
}

fn source_string(s: &ImportSource) -> String {
    match s {
        ImportSource::Unsafe => "unsafe".into(),
        ImportSource::Cgo => "cgo".into(),
        ImportSource::Summary => "summary".into(),
        ImportSource::Missing => "missing".into(),
        ImportSource::Dir(d) => format!("dir:{}", d.to_string_lossy()),
    }
}

fn record_dependency(d: &Dependency, program: &Program, id: PkgId, targets: &HashSet<&Path>) -> DepRecord {
    let (dir, files) = match &d.key {
        DependencyKey::Dir(dir) => (stamp_of(dir), go_files(dir)),
        DependencyKey::Synthetic(_) => (None, Vec::new()),
    };
    let decls = match &d.key {
        DependencyKey::Dir(dir) if targets.contains(dir.as_path()) => program.package(id).map(|p| {
            let files = p.file_paths.iter().zip(&p.files).map(|(path, f)| (file_name(path), &**f));
            format!("{:032x}", declarations_hash(&p.go_version.to_string(), files))
        }),
        _ => None,
    };
    DepRecord {
        key: key_string(&d.key),
        dir,
        files,
        read: d.files.iter().filter_map(|f| Some(f.file_name()?.to_string_lossy().into_owned())).collect(),
        imports: d.imports.iter().map(|(p, s)| (p.clone(), source_string(s))).collect(),
        decls,
    }
}

fn file_name(path: &Path) -> &str {
    path.file_name().and_then(|n| n.to_str()).unwrap_or_default()
}

/// What another package can see of a package: its go version, file names, and each
/// file's text outside function bodies and comments. Positions are left out (removing a
/// line from a body moves every later declaration), so a body or comment edit keeps the
/// hash; any edit to a signature, type, constant, variable or import changes it. A
/// declarations-only parse and a full parse give the same hash: both keep every body's
/// span and every comment outside bodies.
pub fn declarations_hash<'a>(go_version: &str, files: impl Iterator<Item = (&'a str, &'a File)>) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(go_version.as_bytes());
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for (name, file) in files {
        h.update(&[0xff]);
        h.update(name.as_bytes());
        cuts.clear();
        cuts.extend(file.decls.iter().filter_map(|d| match d {
            Decl::Func(f) => f.body.map(|b| file.stmt(b).span.range()).map(|r| (r.start, r.end)),
            _ => None,
        }));
        cuts.extend(file.comments.iter().map(|c| (c.span.start as usize, c.span.end as usize)));
        cuts.sort_unstable();
        let src = file.src.as_bytes();
        let mut at = 0;
        for &(start, end) in &cuts {
            if start > at {
                h.update(&src[at..start.min(src.len())]);
                // Marks where text was cut, so that cutting elsewhere cannot hash the same.
                h.update(&[0xff]);
            }
            at = at.max(end);
        }
        if at < src.len() {
            h.update(&src[at..]);
        }
    }
    h.digest128()
}

/// [`declarations_hash`] of a target as it is on disk now (`None` if a file is unreadable).
fn declarations_hash_of_files(k: &PackageKey, overlay: Option<&Overlay>) -> Option<u128> {
    let mut parsed = Vec::with_capacity(k.files.len());
    for ((path, _), name) in k.files.iter().zip(&k.names) {
        let file = match overlay_text(overlay, Path::new(path)) {
            Some(text) => gotraps_syntax::parse_declarations(text.as_bytes()),
            None => gotraps_syntax::parse_declarations(&std::fs::read(path).ok()?),
        };
        parsed.push((*name, file));
    }
    Some(declarations_hash(&k.go_version, parsed.iter().map(|(name, f)| (*name, f))))
}

/// A target package of this run, as the lookup sees it.
struct Target<'a> {
    /// Its files' content is as recorded.
    unchanged: bool,
    names: &'a [&'a str],
    /// [`declarations_hash`] now, when its content changed.
    decls: Option<u128>,
}

/// Every `.go` file of a directory with its stamp, sorted by name.
fn go_files(dir: &Path) -> Vec<(String, Stamp)> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out: Vec<(String, Stamp)> = entries
        .filter_map(|e| {
            let e = e.ok()?;
            let name = e.file_name().into_string().ok()?;
            if !name.ends_with(".go") {
                return None;
            }
            Some((name, stamp_of(&e.path())?))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn dep_unchanged(d: &DepRecord, targets: &HashMap<&Path, Target>, program: &Program) -> bool {
    let importer: Option<PathBuf> = match d.key.split_once(':') {
        Some(("dir", dir)) => {
            let dir = PathBuf::from(dir);
            match targets.get(dir.as_path()) {
                // A target of this run: its content hashes were just compared, and its
                // file list is the loader's. Built from the same files, it is unchanged;
                // edited, it still is for its importers if it declares the same.
                Some(t)
                    if d.read.iter().map(String::as_str).eq(t.names.iter().copied())
                        && (t.unchanged || t.decls.is_some_and(|now| d.decls == Some(format!("{now:032x}")))) => {}
                Some(t) if !t.unchanged => return false,
                // Files added or removed change the directory's stamp; edited ones, their own.
                _ => {
                    if stamp_of(&dir) != d.dir
                        || !d.files.iter().all(|(name, st)| stamp_of(&dir.join(name)) == Some(*st))
                    {
                        return false;
                    }
                }
            }
            Some(dir)
        }
        Some(("pkg", _)) => None,
        _ => return false,
    };
    d.imports.iter().all(|(path, to)| source_string(&program.locate(importer.as_deref(), path)) == *to)
}

/// A cached diagnostic of a rule this binary knows, with the registry's name and traps
/// (a binary's results are never read by another, but a cache file may be corrupt).
fn known(d: &Diagnostic) -> Option<Diagnostic> {
    let rule = gotraps_rules::find_any(d.code).filter(|r| r.code == d.code)?;
    let mut d = d.clone();
    (d.code, d.name, d.traps) = (rule.code, rule.name, rule.traps);
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn go_files_under(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else { return };
        for p in rd.flatten().map(|e| e.path()) {
            if p.is_dir() {
                go_files_under(&p, out);
            } else if p.extension().is_some_and(|e| e == "go") {
                out.push(p);
            }
        }
    }

    fn hash_one(name: &str, file: &File) -> u128 {
        declarations_hash("1.22", std::iter::once((name, file)))
    }

    /// The lookup hashes a declarations-only parse of an edited target; the save, the
    /// tree the run loaded (full for analysed targets): they must agree on every file.
    #[test]
    fn full_and_declarations_only_parses_hash_the_same() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = Vec::new();
        for dir in ["examples", "crates/gotraps_rules/testdata", "testdata"] {
            go_files_under(&repo.join(dir), &mut files);
        }
        if let Some(root) = gotraps_workspace::goroot() {
            go_files_under(&root.join("src/net/http"), &mut files);
            go_files_under(&root.join("src/sync"), &mut files);
        }
        assert!(files.len() > 100, "too few Go files found: {}", files.len());
        for path in &files {
            let bytes = std::fs::read(path).unwrap();
            let full = gotraps_syntax::parse_file(&bytes);
            let decls = gotraps_syntax::parse_declarations(&bytes);
            assert_eq!(hash_one("f.go", &full), hash_one("f.go", &decls), "{}", path.display());
        }
    }

    #[test]
    fn bodies_and_comments_do_not_count_declarations_do() {
        let hash = |src: &str| hash_one("f.go", &gotraps_syntax::parse_file(src.as_bytes()));
        let base = hash("package p\n\n// F does it.\nfunc F() int { return 1 }\n\ntype t struct{ n int }\n");
        assert_eq!(
            base,
            hash(
                "package p\n\n// F does it well.\nfunc F() int {\n\t// two\n\treturn 2\n}\n\ntype t struct{ n int }\n"
            )
        );
        assert_ne!(base, hash("package p\n\n// F does it.\nfunc F() int64 { return 1 }\n\ntype t struct{ n int }\n"));
        assert_ne!(base, hash("package p\n\n// F does it.\nfunc F() int { return 1 }\n\ntype t struct{ n int64 }\n"));
        // A function literal at package level is part of a declaration.
        let lit = hash("package p\n\nvar f = func() int { return 1 }\n");
        assert_ne!(lit, hash("package p\n\nvar f = func() int { return 2 }\n"));
    }
}
