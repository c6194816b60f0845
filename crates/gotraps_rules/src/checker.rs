//! The small core API rules use: the file being checked, what the package around it
//! declares, the module's Go version, and `report`.

use crate::rule::Rule;
use gotraps_diagnostics::{Diagnostic, Severity};
use gotraps_syntax::ast::{Decl, ExprId, ExprKind, File, FuncDecl};
use gotraps_syntax::{LineIndex, Span};
use gotraps_workspace::GoVersion;

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
    /// Import paths of any file of the package.
    import_paths: std::collections::HashSet<&'a str>,
    /// Results of the declared passes (see [`crate::passes`]).
    passes: crate::passes::PassResults,
}

impl<'a> PackageContext<'a> {
    pub fn new(files: &'a [SourceFile], go_version: GoVersion) -> Self {
        let mut import_paths = std::collections::HashSet::new();
        for f in files {
            let file: &'a File = &f.ast;
            for spec in file.imports() {
                import_paths.insert(file.text(file.expr(spec.path).span).trim_matches(|c| c == '"' || c == '`'));
            }
        }
        PackageContext { files, go_version, model: None, import_paths, passes: Default::default() }
    }

    /// The same context with the semantic model of the package.
    pub fn with_model(mut self, model: Option<&'a gotraps_semantic::PackageModel<'a>>) -> Self {
        self.model = model;
        self
    }

    pub(crate) fn pass_results(&self) -> &crate::passes::PassResults {
        &self.passes
    }

    /// The lock analysis of file `fi` (empty for files that take no locks), from the
    /// [`crate::passes::LockAnalysis`] pass.
    pub fn lock_analysis(&self, fi: usize) -> &[(gotraps_syntax::ast::StmtId, crate::locks::FnLocks)] {
        &self.pass::<crate::passes::LockAnalysis>()[fi]
    }

    /// The declaration (with its file index) of a function or method of this package that
    /// has a body; `None` for other packages' functions (their bodies are not analysed)
    /// or without the model.
    pub fn decl_of(&self, obj: gotraps_semantic::ObjId) -> Option<(usize, &'a FuncDecl)> {
        self.model?;
        let &(fi, di) = self.pass::<crate::passes::FuncDecls>().get(&obj)?;
        let file: &'a File = &self.files[fi].ast;
        match file.decls.get(di) {
            Some(Decl::Func(fd)) if fd.body.is_some() => Some((fi, fd)),
            _ => None,
        }
    }

    /// The whole-package concurrency analysis (gotraps_deep), from the
    /// [`crate::passes::Concurrency`] pass: run on first use by a deep rule and dropped
    /// with the package. Empty without the model.
    pub fn concurrency(&self) -> &gotraps_deep::Concurrency {
        self.pass::<crate::passes::Concurrency>()
    }

    /// The package's data races (gotraps_deep::race), from the [`crate::passes::Races`]
    /// pass. Empty without the model.
    pub fn races(&self) -> &gotraps_deep::race::RaceReport {
        self.pass::<crate::passes::Races>()
    }

    /// Whether some file of the package imports `path`.
    pub fn imports_path(&self, path: &str) -> bool {
        self.import_paths.contains(path)
    }
}

/// Per-file facts computed once and shared by every rule.
pub struct FileFacts<'a> {
    /// Import paths of the file, as written.
    import_paths: Vec<&'a str>,
}

impl<'a> FileFacts<'a> {
    pub fn new(file: &'a File) -> Self {
        FileFacts {
            import_paths: file
                .imports()
                .map(|spec| file.text(file.expr(spec.path).span).trim_matches(|c| c == '"' || c == '`'))
                .collect(),
        }
    }
}

/// What a rule's `check` function receives for one file.
pub struct Checker<'a> {
    pub package: &'a PackageContext<'a>,
    pub file_index: usize,
    pub file: &'a File,
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
        Checker { package, file_index, file, facts, rule, diagnostics: Vec::new() }
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

    /// If `expr` is `pkg.Name` for an import of `import_path` and one of `names`. The
    /// model says whether `pkg` is the import here (not a local that shadows it), also
    /// when the imported package could not be loaded.
    pub fn pkg_selector(&self, expr: ExprId, import_path: &str, names: &[&'static str]) -> Option<&'static str> {
        let ExprKind::Selector { x, sel } = &self.file.expr(expr).kind else {
            return None;
        };
        let ExprKind::Ident(pkg) = &self.file.expr(*x).kind else {
            return None;
        };
        let sel = self.file.name(*sel);
        let name = names.iter().copied().find(|n| *n == sel)?;
        (self.semantic()?.import_path_of(self.file_index, *pkg)? == import_path).then_some(name)
    }

    /// Whether this file imports `path`.
    pub fn imports_path(&self, path: &str) -> bool {
        self.facts.import_paths.contains(&path)
    }

    /// Source text of a node's span.
    pub fn text(&self, span: Span) -> &'a str {
        self.file.text(span)
    }
}

/// Go's convention for generated files (`// Code generated ... DO NOT EDIT.` before the
/// package clause): findings there are not actionable (fix the generator instead). The
/// header is read by the workspace's scan, the same one that skips such files by default.
pub fn is_generated(file: &File) -> bool {
    gotraps_workspace::constraints::scan_header(file.src.as_bytes()).generated
}
