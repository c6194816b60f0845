//! `gotraps.toml`: discovery upward from the target, rule selection, per-path ignores, Go
//! version override. Reference: docs/config.md.
//!
//! Layers, later ones winning: built-in defaults, then the nearest `gotraps.toml`, then the
//! command line. Within a layer, `select` (if given) replaces what came before,
//! `extend-select` adds, and `ignore` removes.

use crate::gomod::GoVersion;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};
use toml::Spanned;

pub const CONFIG_FILE: &str = "gotraps.toml";

/// The options of one `gotraps.toml`, as written. Rule keys are codes (`GT013`) or names
/// (`defer-in-loop`), case-insensitive, or `ALL`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Replaces the default rule set.
    pub select: Option<Vec<Spanned<String>>>,
    /// Adds rules (typically opt-in ones) to the selected set.
    #[serde(default)]
    pub extend_select: Vec<Spanned<String>>,
    /// Removes rules.
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    /// Go language version instead of go.mod's `go` line.
    go: Option<Spanned<String>>,
    /// Glob (relative to the config file's directory) -> rules not reported there.
    #[serde(default)]
    pub per_path_ignores: BTreeMap<String, Vec<Spanned<String>>>,
    /// Globs of paths not analyzed.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Whether `_test.go` files are analyzed.
    pub tests: Option<bool>,
    /// Whether files with Go's generated-code header are analyzed (default: skipped).
    pub include_generated: Option<bool>,
    #[serde(skip)]
    go_version: Option<GoVersion>,
    #[serde(skip)]
    source: String,
}

/// A problem with the configuration: file, 1-based position when known, and what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// `None` for command-line options.
    pub path: Option<PathBuf>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.path {
            write!(f, "{}", p.display())?;
            if let (Some(l), Some(c)) = (self.line, self.column) {
                write!(f, ":{l}:{c}")?;
            }
            f.write_str(": ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// The nearest `gotraps.toml` in `start` (a directory or file) or its ancestors.
    pub fn discover(start: &Path) -> Result<Option<(PathBuf, Config)>, ConfigError> {
        let start = if start.is_absolute() {
            start.to_path_buf()
        } else {
            std::env::current_dir().map(|d| d.join(start)).unwrap_or_else(|_| start.to_path_buf())
        };
        let mut dir = if start.is_file() { start.parent().map(Path::to_path_buf) } else { Some(start) };
        while let Some(d) = dir {
            let candidate = d.join(CONFIG_FILE);
            if candidate.is_file() {
                let config = Config::load(&candidate)?;
                return Ok(Some((candidate, config)));
            }
            dir = d.parent().map(Path::to_path_buf);
        }
        Ok(None)
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: Some(path.to_path_buf()),
            line: None,
            column: None,
            message: format!("cannot read: {e}"),
        })?;
        Config::parse(&text, path)
    }

    /// Parses `text`; `path` is only used in error messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let mut message = e.message().trim().to_string();
            if message.starts_with("unknown field") {
                message.push_str(" (see docs/config.md)");
            }
            error_at(text, path, e.span().map(|s| s.start), message)
        })?;
        config.source = text.to_string();
        if let Some(go) = &config.go {
            config.go_version = Some(GoVersion::parse(go.get_ref()).ok_or_else(|| {
                error_at(
                    text,
                    path,
                    Some(go.span().start),
                    format!("`go = {:?}` is not a Go version; write e.g. \"1.22\"", go.get_ref()),
                )
            })?);
        }
        Ok(config)
    }

    /// The `go` override, already validated.
    pub fn go_version(&self) -> Option<GoVersion> {
        self.go_version
    }
}

fn error_at(text: &str, path: &Path, offset: Option<usize>, message: String) -> ConfigError {
    let (line, column) = match offset {
        Some(off) => {
            let before = &text[..off.min(text.len())];
            let line = before.matches('\n').count() as u32 + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
            (Some(line), Some(col))
        }
        None => (None, None),
    };
    ConfigError { path: Some(path.to_path_buf()), line, column, message }
}

/// `--select`, `--extend-select` and `--ignore` as given on the command line.
#[derive(Clone, Debug, Default)]
pub struct CliSelection {
    /// Empty means "not given".
    pub select: Vec<String>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
}

/// Rule keys of one layer, lower-cased.
#[derive(Clone, Debug, Default)]
struct Keys(Vec<String>);

impl Keys {
    fn matches(&self, code: &str, name: &str) -> bool {
        self.0.iter().any(|k| k == "all" || k.eq_ignore_ascii_case(code) || k.eq_ignore_ascii_case(name))
    }
}

#[derive(Clone, Debug, Default)]
struct Layer {
    select: Option<Keys>,
    extend_select: Keys,
    ignore: Keys,
}

/// The resolved configuration: which rules run, where they are silenced, what is skipped.
#[derive(Clone, Debug, Default)]
pub struct RuleSelection {
    layers: Vec<Layer>,
    /// Directory the globs are relative to (the config file's); `None` without a file.
    root: Option<PathBuf>,
    per_path_ignores: Vec<(Glob, Keys)>,
    exclude: Vec<Glob>,
}

impl RuleSelection {
    /// Merges the command line over the config file (if any). `is_known_rule` says whether
    /// a key names a rule (code or name); unknown keys are errors pointing at their origin.
    pub fn resolve(
        config: Option<(&Path, &Config)>,
        cli: &CliSelection,
        is_known_rule: &dyn Fn(&str) -> bool,
    ) -> Result<RuleSelection, ConfigError> {
        let mut selection = RuleSelection::default();
        if let Some((path, config)) = config {
            let keys = |list: &[Spanned<String>]| -> Result<Keys, ConfigError> {
                let mut out = Vec::with_capacity(list.len());
                for k in list {
                    if !k.get_ref().eq_ignore_ascii_case("all") && !is_known_rule(k.get_ref()) {
                        return Err(error_at(
                            &config.source,
                            path,
                            Some(k.span().start),
                            format!("unknown rule `{}`; `gotraps rules` lists codes and names", k.get_ref()),
                        ));
                    }
                    out.push(k.get_ref().to_ascii_lowercase());
                }
                Ok(Keys(out))
            };
            selection.layers.push(Layer {
                select: config.select.as_deref().map(keys).transpose()?,
                extend_select: keys(&config.extend_select)?,
                ignore: keys(&config.ignore)?,
            });
            for (pattern, rules) in &config.per_path_ignores {
                selection.per_path_ignores.push((Glob::new(pattern), keys(rules)?));
            }
            selection.exclude = config.exclude.iter().map(|p| Glob::new(p)).collect();
            selection.root = path.parent().map(absolute);
        }
        let cli_keys = |flag: &str, list: &[String]| -> Result<Keys, ConfigError> {
            let mut out = Vec::with_capacity(list.len());
            for k in list.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
                if !k.eq_ignore_ascii_case("all") && !is_known_rule(k) {
                    return Err(ConfigError {
                        path: None,
                        line: None,
                        column: None,
                        message: format!("{flag}: unknown rule `{k}`; `gotraps rules` lists codes and names"),
                    });
                }
                out.push(k.to_ascii_lowercase());
            }
            Ok(Keys(out))
        };
        let select = cli_keys("--select", &cli.select)?;
        selection.layers.push(Layer {
            select: (!select.0.is_empty()).then_some(select),
            extend_select: cli_keys("--extend-select", &cli.extend_select)?,
            ignore: cli_keys("--ignore", &cli.ignore)?,
        });
        Ok(selection)
    }

    /// Whether the rule runs at all.
    pub fn enabled(&self, code: &str, name: &str, default_on: bool) -> bool {
        let mut on = default_on;
        for layer in &self.layers {
            if let Some(select) = &layer.select {
                on = select.matches(code, name);
            }
            if layer.extend_select.matches(code, name) {
                on = true;
            }
            if layer.ignore.matches(code, name) {
                on = false;
            }
        }
        on
    }

    /// Whether `per-path-ignores` silences the rule in `path` (absolute, or relative to
    /// the current directory).
    pub fn ignored_for_path(&self, path: &Path, code: &str, name: &str) -> bool {
        if self.per_path_ignores.is_empty() {
            return false;
        }
        let Some(rel) = self.relative(path) else { return false };
        self.per_path_ignores.iter().any(|(glob, keys)| keys.matches(code, name) && glob.matches_path(&rel))
    }

    /// Whether `exclude` skips `path` (a file or directory).
    pub fn is_excluded(&self, path: &Path) -> bool {
        if self.exclude.is_empty() {
            return false;
        }
        let Some(rel) = self.relative(path) else { return false };
        self.exclude.iter().any(|glob| glob.matches_path(&rel))
    }

    /// `path` relative to the config directory, `/`-separated; `None` outside it.
    fn relative(&self, path: &Path) -> Option<String> {
        let root = self.root.as_ref()?;
        let abs = absolute(path);
        let rel = abs.strip_prefix(root).ok()?;
        let mut out = String::new();
        for c in rel.components() {
            if let Component::Normal(s) = c {
                if !out.is_empty() {
                    out.push('/');
                }
                out.push_str(&s.to_string_lossy());
            }
        }
        Some(out)
    }
}

/// Absolute and lexically normalised (`.` and `..` removed) without touching the disk.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map(|d| d.join(path)).unwrap_or_else(|_| path.to_path_buf())
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A path glob: `*` and `?` within one segment, `**` for any number of segments. A
/// pattern without `/` matches a file or directory name at any depth; a pattern matching
/// a directory matches everything under it.
#[derive(Clone, Debug)]
struct Glob {
    segments: Vec<String>,
    anchored: bool,
}

impl Glob {
    fn new(pattern: &str) -> Glob {
        let p = pattern.trim().trim_start_matches("./").trim_end_matches('/');
        let anchored = p.contains('/');
        Glob { segments: p.split('/').filter(|s| !s.is_empty()).map(str::to_string).collect(), anchored }
    }

    fn matches_path(&self, rel: &str) -> bool {
        let parts: Vec<&str> = rel.split('/').filter(|s| !s.is_empty()).collect();
        let pat: Vec<&str> = self.segments.iter().map(String::as_str).collect();
        if pat.is_empty() {
            return false;
        }
        // Any prefix of the path (the file itself or a directory above it).
        let starts: Vec<usize> = if self.anchored { vec![0] } else { (0..parts.len()).collect() };
        starts.into_iter().any(|s| (s + 1..=parts.len()).any(|e| match_segments(&pat, &parts[s..e])))
    }
}

fn match_segments(pat: &[&str], parts: &[&str]) -> bool {
    match pat.split_first() {
        None => parts.is_empty(),
        Some((&"**", rest)) => (0..=parts.len()).any(|skip| match_segments(rest, &parts[skip..])),
        Some((first, rest)) => {
            !parts.is_empty()
                && match_segment(first.as_bytes(), parts[0].as_bytes())
                && match_segments(rest, &parts[1..])
        }
    }
}

/// `*` and `?` wildcards over one path segment (iterative, with single backtrack point).
fn match_segment(pat: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pat.len() && (pat[p] == b'?' || pat[p] == text[t]) {
            if pat[p] == b'?' {
                // `?` is one character, not one byte.
                t += utf8_len(text[t]);
            } else {
                t += 1;
            }
            p += 1;
        } else if p < pat.len() && pat[p] == b'*' {
            star = Some((p, t));
            p += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    pat[p..].iter().all(|&c| c == b'*')
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("proj/gotraps.toml"))
    }

    fn known(k: &str) -> bool {
        ["gt001", "gt013", "defer-in-loop", "gt020", "opt-in-rule"].contains(&k.to_ascii_lowercase().as_str())
    }

    fn cli(select: &[&str], extend: &[&str], ignore: &[&str]) -> CliSelection {
        let v = |l: &[&str]| l.iter().map(|s| s.to_string()).collect();
        CliSelection { select: v(select), extend_select: v(extend), ignore: v(ignore) }
    }

    fn resolve(text: &str, cli: &CliSelection) -> Result<RuleSelection, ConfigError> {
        let config = parse(text)?;
        RuleSelection::resolve(Some((Path::new("/proj/gotraps.toml"), &config)), cli, &known)
    }

    #[test]
    fn full_file_parses() {
        let c = parse(
            "select = [\"ALL\"]\nignore = [\"GT001\"]\nextend-select = [\"opt-in-rule\"]\ngo = \"1.21\"\n\
             exclude = [\"gen/**\"]\ntests = false\n[per-path-ignores]\n\"**/*_test.go\" = [\"defer-in-loop\"]\n",
        )
        .unwrap();
        assert_eq!(c.go_version(), Some(GoVersion::new(1, 21)));
        assert_eq!(c.tests, Some(false));
        assert_eq!(c.exclude, ["gen/**"]);
        assert_eq!(c.select.as_ref().unwrap()[0].get_ref(), "ALL");
        assert_eq!(c.per_path_ignores["**/*_test.go"][0].get_ref(), "defer-in-loop");
        assert!(parse("").unwrap().select.is_none());
    }

    #[test]
    fn unknown_key_reports_name_and_position() {
        let e = parse("select = [\"GT001\"]\n\n  selcet = [\"GT013\"]\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(3), Some(3)), "{e}");
        assert!(e.message.contains("selcet"), "{e}");
        assert!(e.to_string().starts_with("proj/gotraps.toml:3:3: "), "{e}");
        let e = parse("[per-path-ignores]\n\"a\" = [\"GT001\"]\n[extra]\nx = 1\n").unwrap_err();
        assert!(e.message.contains("extra"), "{e}");
    }

    #[test]
    fn wrong_types_report_position() {
        let e = parse("tests = \"yes\"\n").unwrap_err();
        assert_eq!(e.line, Some(1), "{e}");
        assert!(e.message.contains("bool"), "{e}");
        let e = parse("select = \"GT001\"\n").unwrap_err();
        assert_eq!(e.line, Some(1), "{e}");
        let e = parse("\ngo = \"one point two\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(6)), "{e}");
        assert!(e.message.contains("not a Go version"), "{e}");
    }

    #[test]
    fn selection_layers() {
        let none = CliSelection::default();
        let s = resolve("", &none).unwrap();
        assert!(s.enabled("GT001", "x", true));
        assert!(!s.enabled("GT020", "opt-in-rule", false));

        let s = resolve("select = [\"gt013\"]", &none).unwrap();
        assert!(s.enabled("GT013", "defer-in-loop", true));
        assert!(!s.enabled("GT001", "x", true));

        let s = resolve("extend-select = [\"OPT-IN-RULE\"]\nignore = [\"defer-in-loop\"]", &none).unwrap();
        assert!(s.enabled("GT020", "opt-in-rule", false));
        assert!(!s.enabled("GT013", "defer-in-loop", true));
        assert!(s.enabled("GT001", "x", true));

        // The command line wins: its select re-enables what the file ignored.
        let s = resolve("ignore = [\"GT013\"]", &cli(&["GT013"], &[], &[])).unwrap();
        assert!(s.enabled("GT013", "defer-in-loop", true));
        assert!(!s.enabled("GT001", "x", true));
        let s = resolve("select = [\"ALL\"]", &cli(&[], &[], &["gt001"])).unwrap();
        assert!(s.enabled("GT020", "opt-in-rule", false));
        assert!(!s.enabled("GT001", "x", true));
        let s = RuleSelection::resolve(None, &cli(&[], &["GT020"], &[]), &known).unwrap();
        assert!(s.enabled("GT020", "opt-in-rule", false));
    }

    #[test]
    fn unknown_rules_are_errors_with_origin() {
        let e = resolve("ignore = [\"GT001\",\n  \"GT999\"]", &CliSelection::default()).unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(3)), "{e}");
        assert!(e.message.contains("GT999"), "{e}");
        let e = resolve("", &cli(&[], &[], &["nope"])).unwrap_err();
        assert_eq!(e.to_string(), "--ignore: unknown rule `nope`; `gotraps rules` lists codes and names");
    }

    #[test]
    fn per_path_ignores_and_exclude() {
        let s = resolve(
            "exclude = [\"gen/**\", \"vendor\", \"*.pb.go\"]\n[per-path-ignores]\n\"**/*_test.go\" = [\"GT013\"]\n\"cmd/?/main.go\" = [\"ALL\"]\n",
            &CliSelection::default(),
        )
        .unwrap();
        assert!(s.ignored_for_path(Path::new("/proj/pkg/a_test.go"), "GT013", "defer-in-loop"));
        assert!(s.ignored_for_path(Path::new("/proj/a_test.go"), "gt013", "defer-in-loop"));
        assert!(!s.ignored_for_path(Path::new("/proj/pkg/a_test.go"), "GT001", "x"));
        assert!(!s.ignored_for_path(Path::new("/proj/pkg/a.go"), "GT013", "defer-in-loop"));
        assert!(s.ignored_for_path(Path::new("/proj/cmd/x/main.go"), "GT001", "x"));
        assert!(!s.ignored_for_path(Path::new("/proj/cmd/xy/main.go"), "GT001", "x"));
        assert!(!s.ignored_for_path(Path::new("/other/pkg/a_test.go"), "GT013", "defer-in-loop"));
        assert!(s.is_excluded(Path::new("/proj/gen/x/y.go")));
        assert!(s.is_excluded(Path::new("/proj/gen")));
        assert!(s.is_excluded(Path::new("/proj/sub/vendor/m/a.go")));
        assert!(s.is_excluded(Path::new("/proj/a/b.pb.go")));
        assert!(s.is_excluded(Path::new("/proj/x/../gen/a.go")));
        assert!(!s.is_excluded(Path::new("/proj/generate/a.go")));
        assert!(!s.is_excluded(Path::new("/proj/a/b.go")));
    }

    #[test]
    fn glob_segments() {
        assert!(match_segment(b"*_test.go", b"a_test.go"));
        assert!(!match_segment(b"*_test.go", b"a_test.go.txt"));
        assert!(match_segment(b"a*b*c", b"aXbYbZc"));
        assert!(match_segment(b"?.go", "é.go".as_bytes()));
        assert!(!match_segment(b"?.go", b"ab.go"));
        assert!(match_segments(&["**"], &[]));
        assert!(match_segments(&["a", "**", "b"], &["a", "b"]));
        assert!(match_segments(&["a", "**", "b"], &["a", "x", "y", "b"]));
        assert!(!match_segments(&["a", "*", "b"], &["a", "x", "y", "b"]));
    }

    #[test]
    fn discover_nearest_upwards() {
        let root = std::env::temp_dir().join(format!("gotraps-config-{}", std::process::id()));
        let deep = root.join("a/b/c");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(root.join(CONFIG_FILE), "tests = true\n").unwrap();
        std::fs::write(root.join("a").join(CONFIG_FILE), "tests = false\n").unwrap();
        std::fs::write(deep.join("x.go"), "package c\n").unwrap();
        let (path, c) = Config::discover(&deep).unwrap().unwrap();
        assert_eq!(path, root.join("a").join(CONFIG_FILE));
        assert_eq!(c.tests, Some(false));
        let (path, _) = Config::discover(&deep.join("x.go")).unwrap().unwrap();
        assert_eq!(path, root.join("a").join(CONFIG_FILE));
        let (path, c) = Config::discover(&root).unwrap().unwrap();
        assert_eq!(path, root.join(CONFIG_FILE));
        assert_eq!(c.tests, Some(true));
        std::fs::write(root.join("a").join(CONFIG_FILE), "tests = 1\n").unwrap();
        let e = Config::discover(&deep).unwrap_err();
        assert_eq!(e.path.as_deref(), Some(root.join("a").join(CONFIG_FILE).as_path()));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
