//! The small core API rules use: the file being checked, what the package around it
//! declares, the module's Go version, and `report`.

use crate::rule::Rule;
use gotraps_diagnostics::{Diagnostic, Severity};
use gotraps_syntax::ast::{Decl, ExprId, ExprKind, File, FuncDecl};
use gotraps_syntax::{LineIndex, Span};
use gotraps_workspace::GoVersion;
use std::collections::HashMap;

/// One parsed file of the package under analysis. The AST is shared with the semantic
/// model.
pub struct SourceFile {
    pub path: String,
    pub ast: std::sync::Arc<File>,
    pub lines: LineIndex,
}

/// Facts about the whole package that a per-file check may need.
pub struct PackageContext<'a> {
    pub files: &'a [SourceFile],
    pub go_version: GoVersion,
    /// The checked package (names, types); `None` when the model could not be built.
    /// File `i` of the model is `files[i]`.
    pub model: Option<&'a gotraps_semantic::PackageModel<'a>>,
    /// Package-level functions (no receiver) by name: (file index, declaration).
    pub funcs: HashMap<&'a str, (usize, &'a FuncDecl)>,
    /// Names of functions and methods started by a `go` statement somewhere in the
    /// package (`go f()`, `go s.run()`), computed on first use.
    go_launched: std::sync::OnceLock<std::collections::HashSet<String>>,
    /// Declared types, methods and variables of the package, shared by every file and
    /// rule. Built eagerly: a lazy cell would make the context invariant in `'a`.
    types: crate::pkgtypes::PkgTypes<'a>,
    /// Import paths of any file of the package.
    import_paths: std::collections::HashSet<&'a str>,
    /// Lock analysis of every file (index = file), run once for all the lock rules.
    lock_analysis: std::cell::OnceCell<Vec<Vec<(gotraps_syntax::ast::StmtId, crate::locks::FnLocks)>>>,
    /// Whether any file's text contains `recover(`, asked by each file of the package.
    mentions_recover: std::cell::OnceCell<bool>,
}

impl<'a> PackageContext<'a> {
    pub fn new(files: &'a [SourceFile], go_version: GoVersion) -> Self {
        let mut funcs = HashMap::new();
        for (i, f) in files.iter().enumerate() {
            for d in &f.ast.decls {
                if let Decl::Func(fd) = d {
                    if fd.recv.is_none() {
                        funcs.insert(f.ast.name(fd.name), (i, fd));
                    }
                }
            }
        }
        let types = crate::pkgtypes::PkgTypes::new(files);
        let mut import_paths = std::collections::HashSet::new();
        for f in files {
            let file: &'a File = &f.ast;
            for spec in file.imports() {
                import_paths.insert(file.text(file.expr(spec.path).span).trim_matches(|c| c == '"' || c == '`'));
            }
        }
        PackageContext {
            files,
            go_version,
            model: None,
            funcs,
            go_launched: Default::default(),
            types,
            import_paths,
            lock_analysis: Default::default(),
            mentions_recover: Default::default(),
        }
    }

    /// The same context with the semantic model of the package.
    pub fn with_model(mut self, model: Option<&'a gotraps_semantic::PackageModel<'a>>) -> Self {
        self.model = model;
        self
    }

    /// The package's declared types, methods and package-level variables.
    pub fn types(&self) -> &crate::pkgtypes::PkgTypes<'a> {
        &self.types
    }

    /// Whether some file of the package calls (or mentions) `recover(`.
    pub fn mentions_recover(&self) -> bool {
        *self.mentions_recover.get_or_init(|| self.files.iter().any(|f| f.ast.src.contains("recover(")))
    }

    /// The lock analysis of file `fi` (empty for files that take no locks). Computed for
    /// the whole package on first use, so callee summaries are shared by all files and
    /// every lock rule reads the same result.
    pub fn lock_analysis(&self, fi: usize) -> &[(gotraps_syntax::ast::StmtId, crate::locks::FnLocks)] {
        let all =
            self.lock_analysis.get_or_init(|| {
                let locks = crate::locks::Locks::new(self);
                (0..self.files.len())
                    .map(|i| {
                        if crate::locks::file_may_lock(&self.files[i].ast) {
                            locks.analyse_file(i)
                        } else {
                            Vec::new()
                        }
                    })
                    .collect()
            });
        &all[fi]
    }

    /// Whether some file of the package imports `path`.
    pub fn imports_path(&self, path: &str) -> bool {
        self.import_paths.contains(path)
    }

    /// Whether a function or method of this name is started by a `go` statement somewhere
    /// in the package. Names only: a method `run` of any type counts.
    pub fn is_go_launched(&self, name: &str) -> bool {
        self.go_launched
            .get_or_init(|| {
                let mut out = std::collections::HashSet::new();
                for f in self.files {
                    let file = &f.ast;
                    for s in &file.stmts {
                        let gotraps_syntax::ast::StmtKind::Go { call } = s.kind else { continue };
                        let ExprKind::Call { fun, .. } = &file.expr(call).kind else { continue };
                        match &file.expr(*fun).kind {
                            ExprKind::Ident(i) => {
                                out.insert(file.name(*i).to_string());
                            }
                            ExprKind::Selector { sel, .. } => {
                                out.insert(file.name(*sel).to_string());
                            }
                            _ => {}
                        }
                    }
                }
                out
            })
            .contains(name)
    }
}

/// Per-file facts computed once and shared by every rule.
pub struct FileFacts<'a> {
    file: &'a File,
    pub imports: HashMap<&'a str, &'a str>,
    /// Local declarations that shadow an import name: (name, where it is in scope).
    /// Found on the first `pkg.Name` a rule asks about: most files never need them, and
    /// finding them walks every statement.
    /// (Owned names keep `FileFacts` covariant in `'a`.)
    shadows: std::cell::OnceCell<Vec<(Box<str>, Span)>>,
}

impl<'a> FileFacts<'a> {
    pub fn new(file: &'a File) -> Self {
        FileFacts { file, imports: import_names(file), shadows: std::cell::OnceCell::new() }
    }

    fn shadows(&self) -> &[(Box<str>, Span)] {
        self.shadows.get_or_init(|| {
            let found = crate::scopes::shadowing_decls(self.file, &self.imports);
            found.into_iter().map(|(name, scope)| (name.into(), scope)).collect()
        })
    }
}

/// What a rule's `check` function receives for one file.
pub struct Checker<'a> {
    pub package: &'a PackageContext<'a>,
    pub file_index: usize,
    pub file: &'a File,
    /// Local import name -> import path for this file (dot and blank imports left out).
    pub imports: &'a HashMap<&'a str, &'a str>,
    facts: &'a FileFacts<'a>,
    rule: &'static Rule,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(
        package: &'a PackageContext<'a>,
        file_index: usize,
        facts: &'a FileFacts<'a>,
        rule: &'static Rule,
    ) -> Self {
        let file = &package.files[file_index].ast;
        Checker { package, file_index, file, imports: &facts.imports, facts, rule, diagnostics: Vec::new() }
    }

    pub fn go_version(&self) -> GoVersion {
        self.package.go_version
    }

    /// The semantic model of the package, when it could be built.
    pub fn semantic(&self) -> Option<&'a gotraps_semantic::PackageModel<'a>> {
        self.package.model
    }

    /// Reports a finding of the running rule; returns it for labels, help and fixes.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        let r = self.rule;
        self.diagnostics.push(Diagnostic::new(r.code, r.name, r.traps, r.severity, span, message));
        self.diagnostics.last_mut().unwrap()
    }

    /// Reports with a severity other than the rule's default.
    pub fn report_with(&mut self, severity: Severity, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        let d = self.report(span, message);
        d.severity = severity;
        d
    }

    /// If `call` is `pkg.Name(...)` where `pkg` is an import of `import_path` and `Name`
    /// is one of `names`, the matched name.
    pub fn pkg_func_call(&self, call: ExprId, import_path: &str, names: &[&'static str]) -> Option<&'static str> {
        let ExprKind::Call { fun, .. } = &self.file.expr(call).kind else {
            return None;
        };
        self.pkg_selector(*fun, import_path, names)
    }

    /// If `expr` is `pkg.Name` for an import of `import_path` and one of `names`.
    pub fn pkg_selector(&self, expr: ExprId, import_path: &str, names: &[&'static str]) -> Option<&'static str> {
        let ExprKind::Selector { x, sel } = &self.file.expr(expr).kind else {
            return None;
        };
        let ExprKind::Ident(pkg) = &self.file.expr(*x).kind else {
            return None;
        };
        let local = self.file.name(*pkg);
        if self.imports.get(local) != Some(&import_path) {
            return None;
        }
        let at = pkg.span.start;
        if self.facts.shadows().iter().any(|(n, scope)| &**n == local && scope.contains(at)) {
            return None;
        }
        let sel = self.file.name(*sel);
        names.iter().copied().find(|n| *n == sel)
    }

    /// Source text of a node's span.
    pub fn text(&self, span: Span) -> &'a str {
        self.file.text(span)
    }
}

/// Local names of a file's imports: the explicit alias or the last path element
/// (`gopkg.in/yaml.v3` -> `yaml`, `example.com/foo/v2` -> `foo`).
pub fn import_names(file: &File) -> HashMap<&str, &str> {
    let mut out = HashMap::new();
    for spec in file.imports() {
        let quoted = file.text(file.expr(spec.path).span);
        let path = quoted.trim_matches(|c| c == '"' || c == '`');
        let local = match spec.name {
            Some(n) => file.name(n),
            None => default_import_name(path),
        };
        if local != "_" && local != "." && !local.is_empty() {
            out.insert(local, path);
        }
    }
    out
}

fn default_import_name(path: &str) -> &str {
    let mut parts = path.rsplit('/');
    let mut last = parts.next().unwrap_or(path);
    if last.len() > 1 && last.starts_with('v') && last[1..].bytes().all(|b| b.is_ascii_digit()) {
        last = parts.next().unwrap_or(last);
    }
    let last = last.strip_prefix("go-").unwrap_or(last);
    match last.find('.') {
        Some(i) => &last[..i],
        None => last,
    }
}

#[cfg(test)]
mod tests {
    use super::default_import_name;

    #[test]
    fn import_names_follow_go_conventions() {
        assert_eq!(default_import_name("os/signal"), "signal");
        assert_eq!(default_import_name("gopkg.in/yaml.v3"), "yaml");
        assert_eq!(default_import_name("example.com/foo/v2"), "foo");
        assert_eq!(default_import_name("log"), "log");
    }
}
