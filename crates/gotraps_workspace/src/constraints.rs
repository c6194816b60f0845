//! Build constraints, as go/build applies them: `//go:build` expressions (and legacy
//! `// +build` lines when no `//go:build` is present), `_GOOS`/`_GOARCH` file-name suffixes
//! and `_test.go` files.

/// Operating systems known to the go command (a `_GOOS` suffix only counts for these).
pub const KNOWN_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
];

/// Architectures known to the go command.
pub const KNOWN_ARCH: &[&str] = &[
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "ppc64",
    "ppc64le",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
];

/// Operating systems that satisfy the `unix` tag.
const UNIX_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "linux",
    "netbsd",
    "openbsd",
    "solaris",
];

/// The newest `go1.N` release tag satisfied.
pub const LATEST_GO_MINOR: u32 = 26;

/// The target a run analyzes for: which files build constraints keep.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildContext {
    pub goos: String,
    pub goarch: String,
    pub cgo: bool,
    /// Extra tags from `--tags`.
    pub tags: Vec<String>,
    /// Include `_test.go` files.
    pub include_tests: bool,
}

impl BuildContext {
    /// The host platform (overridable with `GOOS`/`GOARCH`/`CGO_ENABLED`), tests excluded.
    pub fn host() -> Self {
        let goos = std::env::var("GOOS").ok().filter(|s| !s.is_empty()).unwrap_or_else(|| host_os().to_string());
        let goarch = std::env::var("GOARCH").ok().filter(|s| !s.is_empty()).unwrap_or_else(|| host_arch().to_string());
        let cgo = match std::env::var("CGO_ENABLED").as_deref() {
            Ok("0") => false,
            Ok("1") => true,
            _ => goos == host_os() && goarch == host_arch(),
        };
        BuildContext { goos, goarch, cgo, tags: Vec::new(), include_tests: false }
    }

    /// Whether the build tag `tag` is satisfied.
    pub fn tag(&self, tag: &str) -> bool {
        if tag == self.goos || tag == self.goarch {
            return true;
        }
        match tag {
            "unix" => UNIX_OS.contains(&self.goos.as_str()),
            "linux" => self.goos == "android",
            "darwin" => self.goos == "ios",
            "solaris" => self.goos == "illumos",
            "gc" => true,
            "cgo" => self.cgo,
            _ => {
                if let Some(minor) = tag.strip_prefix("go1.") {
                    return minor.parse::<u32>().map(|m| m <= LATEST_GO_MINOR).unwrap_or(false);
                }
                self.tags.iter().any(|t| t == tag)
            }
        }
    }

    /// Whether a file name's `_GOOS`, `_GOARCH`, `_GOOS_GOARCH` suffix and `_test` suffix
    /// let it in.
    pub fn matches_file_name(&self, name: &str) -> bool {
        let Some(stem) = name.strip_suffix(".go") else {
            return false;
        };
        let stem = match stem.strip_suffix("_test") {
            Some(s) => {
                if !self.include_tests {
                    return false;
                }
                s
            }
            None => stem,
        };
        // As go/build: the part after the first `_` (a leading name `_x.go` is ignored
        // by the caller, dot and underscore files are never Go package files).
        let Some(i) = stem.find('_') else { return true };
        let parts: Vec<&str> = stem[i + 1..].split('_').collect();
        let n = parts.len();
        if n >= 2 && KNOWN_OS.contains(&parts[n - 2]) && KNOWN_ARCH.contains(&parts[n - 1]) {
            return self.tag(parts[n - 2]) && self.tag(parts[n - 1]);
        }
        if n >= 1 {
            let last = parts[n - 1];
            if KNOWN_OS.contains(&last) || KNOWN_ARCH.contains(&last) {
                return self.tag(last);
            }
        }
        true
    }
}

fn host_os() -> &'static str {
    match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    }
}

fn host_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "x86" => "386",
        "aarch64" => "arm64",
        "powerpc64" => "ppc64",
        "loongarch64" => "loong64",
        other => other,
    }
}

/// What the header of a Go file (everything before the package clause) says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileHeader {
    pub package_name: String,
    /// The `//go:build` expression, if any.
    pub go_build: Option<String>,
    /// Legacy `// +build` lines (only used when there is no `//go:build`).
    pub plus_build: Vec<String>,
    /// A comment before the package clause has a line `// Code generated ... DO NOT EDIT.`
    /// (go/ast.IsGenerated).
    pub generated: bool,
}

/// go/ast.IsGenerated's test on one comment's text (`//...` or `/*...*/`): some line,
/// carriage returns removed, matches `^// Code generated .* DO NOT EDIT\.$`.
pub fn is_generated_comment(comment: &[u8]) -> bool {
    const PREFIX: &[u8] = b"// Code generated ";
    const SUFFIX: &[u8] = b" DO NOT EDIT.";
    if !comment.windows(PREFIX.len()).any(|w| w == PREFIX) {
        return false;
    }
    let text: Vec<u8> = comment.iter().copied().filter(|&b| b != b'\r').collect();
    text.split(|&b| b == b'\n').any(|line| line.starts_with(PREFIX) && line[PREFIX.len()..].ends_with(SUFFIX))
}

/// Reads the leading comments and the package clause. `None` when there is no package
/// clause at all (the file is then still parsed, so the syntax error is reported).
pub fn scan_header(src: &[u8]) -> FileHeader {
    let mut h = FileHeader::default();
    let mut i = 0;
    let n = src.len();
    if src.starts_with(b"\xEF\xBB\xBF") {
        i = 3;
    }
    // go/build only honours constraint lines before the first non-comment token, and
    // `// +build` lines only if followed by a blank line; we accept both anywhere in the
    // leading comment block, which is what all real code relies on.
    while i < n {
        match src[i] {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'/' if src.get(i + 1) == Some(&b'/') => {
                let end = src[i..].iter().position(|&b| b == b'\n').map(|p| i + p).unwrap_or(n);
                h.generated |= is_generated_comment(&src[i..end]);
                let line = String::from_utf8_lossy(&src[i + 2..end]);
                let line = line.trim_end();
                if let Some(expr) = line.strip_prefix("go:build") {
                    if expr.starts_with([' ', '\t']) && h.go_build.is_none() {
                        h.go_build = Some(expr.trim().to_string());
                    }
                } else if let Some(expr) = line.trim_start().strip_prefix("+build") {
                    if expr.starts_with([' ', '\t']) {
                        h.plus_build.push(expr.trim().to_string());
                    }
                }
                i = end;
            }
            b'/' if src.get(i + 1) == Some(&b'*') => {
                let end = match src[i + 2..].windows(2).position(|w| w == b"*/") {
                    Some(p) => i + 2 + p + 2,
                    None => n,
                };
                h.generated |= is_generated_comment(&src[i..end]);
                i = end;
            }
            _ => break,
        }
    }
    if src[i..].starts_with(b"package") {
        let rest = &src[i + 7..];
        let start = rest.iter().position(|b| !matches!(b, b' ' | b'\t')).unwrap_or(rest.len());
        let len = rest[start..].iter().position(|b| !(b.is_ascii_alphanumeric() || *b == b'_' || *b >= 0x80));
        let name = &rest[start..start + len.unwrap_or(rest.len() - start)];
        h.package_name = String::from_utf8_lossy(name).into_owned();
    }
    h
}

/// Every GOOS/GOARCH pair the go command builds for, as `go tool dist list` prints them
/// (Go 1.26; a test compares this list with the installed toolchain's).
pub const PORTS: &[(&str, &str)] = &[
    ("aix", "ppc64"),
    ("android", "386"),
    ("android", "amd64"),
    ("android", "arm"),
    ("android", "arm64"),
    ("darwin", "amd64"),
    ("darwin", "arm64"),
    ("dragonfly", "amd64"),
    ("freebsd", "386"),
    ("freebsd", "amd64"),
    ("freebsd", "arm"),
    ("freebsd", "arm64"),
    ("illumos", "amd64"),
    ("ios", "amd64"),
    ("ios", "arm64"),
    ("js", "wasm"),
    ("linux", "386"),
    ("linux", "amd64"),
    ("linux", "arm"),
    ("linux", "arm64"),
    ("linux", "loong64"),
    ("linux", "mips"),
    ("linux", "mips64"),
    ("linux", "mips64le"),
    ("linux", "mipsle"),
    ("linux", "ppc64"),
    ("linux", "ppc64le"),
    ("linux", "riscv64"),
    ("linux", "s390x"),
    ("netbsd", "386"),
    ("netbsd", "amd64"),
    ("netbsd", "arm"),
    ("netbsd", "arm64"),
    ("openbsd", "386"),
    ("openbsd", "amd64"),
    ("openbsd", "arm"),
    ("openbsd", "arm64"),
    ("openbsd", "ppc64"),
    ("openbsd", "riscv64"),
    ("plan9", "386"),
    ("plan9", "amd64"),
    ("plan9", "arm"),
    ("solaris", "amd64"),
    ("wasip1", "wasm"),
    ("windows", "386"),
    ("windows", "amd64"),
    ("windows", "arm64"),
];

impl BuildContext {
    /// Checks that GOOS/GOARCH name a port the go command knows; the message says which
    /// values exist.
    pub fn check_port(&self) -> Result<(), String> {
        let os_known = PORTS.iter().any(|p| p.0 == self.goos);
        let arch_known = PORTS.iter().any(|p| p.1 == self.goarch);
        let list = |values: Vec<&str>| {
            let mut v = values;
            v.sort_unstable();
            v.dedup();
            v.join(", ")
        };
        if !os_known {
            return Err(format!("unknown GOOS `{}`; known: {}", self.goos, list(PORTS.iter().map(|p| p.0).collect())));
        }
        if !arch_known {
            return Err(format!(
                "unknown GOARCH `{}`; known: {}",
                self.goarch,
                list(PORTS.iter().map(|p| p.1).collect())
            ));
        }
        if !PORTS.contains(&(self.goos.as_str(), self.goarch.as_str())) {
            return Err(format!(
                "Go does not build for {}/{}; GOARCH values for {}: {}",
                self.goos,
                self.goarch,
                self.goos,
                list(PORTS.iter().filter(|p| p.0 == self.goos).map(|p| p.1).collect())
            ));
        }
        Ok(())
    }
}

impl FileHeader {
    /// Whether the file's constraints are satisfied in `ctx`. A malformed expression
    /// excludes the file, as go/build does.
    pub fn satisfied(&self, ctx: &BuildContext) -> bool {
        if let Some(expr) = &self.go_build {
            return eval_go_build(expr, ctx).unwrap_or(false);
        }
        // Legacy: lines are ANDed; within a line, space-separated options are ORed and
        // comma-separated terms ANDed; `!` negates.
        self.plus_build.iter().all(|line| {
            line.split_whitespace().any(|opt| {
                opt.split(',').all(|term| match term.strip_prefix('!') {
                    Some(t) => !ctx.tag(t),
                    None => ctx.tag(term),
                })
            })
        })
    }
}

/// Evaluates a `//go:build` expression (`||`, `&&`, `!`, parentheses, tags).
pub fn eval_go_build(expr: &str, ctx: &BuildContext) -> Option<bool> {
    let mut p = ExprParser { s: expr.as_bytes(), i: 0, ctx, depth: 0 };
    let v = p.or()?;
    p.skip_ws();
    (p.i == p.s.len()).then_some(v)
}

struct ExprParser<'a> {
    s: &'a [u8],
    i: usize,
    ctx: &'a BuildContext,
    depth: u32,
}

impl ExprParser<'_> {
    fn skip_ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t') {
            self.i += 1;
        }
    }

    fn eat(&mut self, tok: &[u8]) -> bool {
        self.skip_ws();
        if self.s[self.i..].starts_with(tok) {
            self.i += tok.len();
            true
        } else {
            false
        }
    }

    fn or(&mut self) -> Option<bool> {
        let mut v = self.and()?;
        while self.eat(b"||") {
            let r = self.and()?;
            v = v || r;
        }
        Some(v)
    }

    fn and(&mut self) -> Option<bool> {
        let mut v = self.not()?;
        while self.eat(b"&&") {
            let r = self.not()?;
            v = v && r;
        }
        Some(v)
    }

    fn not(&mut self) -> Option<bool> {
        self.depth += 1;
        if self.depth > 1000 {
            return None;
        }
        let v = if self.eat(b"!") {
            self.not().map(|v| !v)
        } else if self.eat(b"(") {
            let v = self.or()?;
            self.eat(b")").then_some(v)
        } else {
            self.skip_ws();
            let start = self.i;
            while self.i < self.s.len()
                && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'_' || self.s[self.i] == b'.')
            {
                self.i += 1;
            }
            if start == self.i {
                None
            } else {
                let tag = std::str::from_utf8(&self.s[start..self.i]).ok()?;
                Some(self.ctx.tag(tag))
            }
        };
        self.depth -= 1;
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linux() -> BuildContext {
        BuildContext {
            goos: "linux".into(),
            goarch: "amd64".into(),
            cgo: true,
            tags: vec!["integration".into()],
            include_tests: false,
        }
    }

    #[test]
    fn generated_header_follows_go_ast_is_generated() {
        let generated = |src: &str| scan_header(src.as_bytes()).generated;
        assert!(generated("// Code generated by stringer; DO NOT EDIT.\n\npackage p\n"));
        assert!(generated("//go:build linux\n\n// Code generated by mkerrors. DO NOT EDIT.\r\npackage p\n"));
        assert!(generated("/*\n// Code generated x DO NOT EDIT.\n*/\npackage p\n"), "a line inside a block comment");
        assert!(generated("// Code generated  DO NOT EDIT.\npackage p\n"), "`.*` may be empty");
        assert!(!generated("// Code generated DO NOT EDIT.\npackage p\n"), "needs both spaces");
        assert!(!generated("// Code generated by x. DO NOT EDIT\npackage p\n"), "needs the final dot");
        assert!(!generated("// Code generated by x. DO NOT EDIT. \npackage p\n"), "nothing after the dot");
        assert!(!generated("//Code generated by x. DO NOT EDIT.\npackage p\n"));
        assert!(!generated("// This is // Code generated x DO NOT EDIT.\npackage p\n"), "must start the line");
        assert!(!generated("package p\n\n// Code generated by x. DO NOT EDIT.\n"), "after the package clause");
    }

    #[test]
    fn ports_are_checked() {
        let mut c = linux();
        assert_eq!(c.check_port(), Ok(()));
        c.goos = "linx".into();
        assert!(c.check_port().unwrap_err().starts_with("unknown GOOS `linx`; known: aix, android,"));
        c.goos = "windows".into();
        c.goarch = "s390x".into();
        assert_eq!(
            c.check_port().unwrap_err(),
            "Go does not build for windows/s390x; GOARCH values for windows: 386, amd64, arm64"
        );
        c.goarch = "amd65".into();
        assert!(c.check_port().unwrap_err().starts_with("unknown GOARCH `amd65`"));
    }

    /// `go tool dist list` is the oracle for the ports `--goos`/`--goarch` accept.
    #[test]
    fn ports_are_those_of_go_tool_dist_list() {
        let out = match std::process::Command::new("go").args(["tool", "dist", "list"]).output() {
            Ok(o) if o.status.success() => o,
            _ => {
                assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true but `go` is missing");
                eprintln!("skipped: no Go toolchain");
                return;
            }
        };
        let theirs: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect();
        let ours: Vec<String> = PORTS.iter().map(|(os, arch)| format!("{os}/{arch}")).collect();
        assert_eq!(ours, theirs, "update PORTS to this Go's `go tool dist list`");
    }

    #[test]
    fn expressions() {
        let c = linux();
        assert_eq!(eval_go_build("linux && amd64", &c), Some(true));
        assert_eq!(eval_go_build("!windows", &c), Some(true));
        assert_eq!(eval_go_build("(darwin || freebsd) && !cgo", &c), Some(false));
        assert_eq!(eval_go_build("unix", &c), Some(true));
        assert_eq!(eval_go_build("go1.21 && !go1.99", &c), Some(true));
        assert_eq!(eval_go_build("integration", &c), Some(true));
        assert_eq!(eval_go_build("ignore", &c), Some(false));
        assert_eq!(eval_go_build("linux &&", &c), None);
        assert_eq!(eval_go_build("(linux", &c), None);
    }

    #[test]
    fn file_names() {
        let mut c = linux();
        assert!(c.matches_file_name("conn.go"));
        assert!(c.matches_file_name("conn_linux.go"));
        assert!(!c.matches_file_name("conn_windows.go"));
        assert!(c.matches_file_name("conn_linux_amd64.go"));
        assert!(!c.matches_file_name("conn_linux_arm64.go"));
        assert!(!c.matches_file_name("asm_arm64.go"));
        assert!(c.matches_file_name("sys_unix.go"), "unix is not a GOOS suffix");
        assert!(!c.matches_file_name("conn_test.go"));
        c.include_tests = true;
        assert!(c.matches_file_name("conn_test.go"));
        assert!(!c.matches_file_name("conn_windows_test.go"));
        assert!(c.matches_file_name("linux.go"), "a bare GOOS name is not a suffix");
    }

    #[test]
    fn headers() {
        let src = b"// Copyright\n\n//go:build linux && !cgo\n\n/* doc */\npackage net // import \"net\"\n";
        let h = scan_header(src);
        assert_eq!(h.package_name, "net");
        assert_eq!(h.go_build.as_deref(), Some("linux && !cgo"));
        assert!(!h.satisfied(&linux()));
        let legacy = scan_header(b"// +build linux,amd64 darwin\n// +build !ignore\n\npackage x\n");
        assert_eq!(legacy.plus_build.len(), 2);
        assert!(legacy.satisfied(&linux()));
    }
}
