//! GT016 unbuffered-signal-channel (T16).

use crate::checker::Checker;
use crate::funcs::for_each_call;
use crate::rule::Rule;
use crate::semantic;
use gotraps_diagnostics::{Edit, Fix, Severity};
use gotraps_syntax::ast::{Decl, ExprId, ExprKind, File, Spec, StmtKind};
use gotraps_syntax::visit::{self, Visitor};
use gotraps_syntax::Span;

pub static UNBUFFERED_SIGNAL_CHANNEL: Rule = Rule {
    code: "GT016",
    name: "unbuffered-signal-channel",
    traps: &["T16"],
    severity: Severity::Error,
    default_on: true,
    fixable: true,
    summary: "`signal.Notify` on an unbuffered channel can drop the signal",
    doc: r#"## What it does
Flags `signal.Notify(ch, ...)` where `ch` was made without a buffer — in the same
function, in a package-level variable, or as a struct field set elsewhere in the package.

## Why is this bad?
The runtime does not block when it delivers a signal: if nobody is receiving on the
channel at that instant, the signal is dropped. With an unbuffered channel a SIGTERM that
arrives while the program is still starting up (or busy) is lost and the graceful
shutdown never happens; the orchestrator then kills the process.

## Example
```go
sigs := make(chan os.Signal)
signal.Notify(sigs, syscall.SIGTERM)
```

## Use instead
```go
sigs := make(chan os.Signal, 1)
signal.Notify(sigs, syscall.SIGTERM)
```

## Fix
Adds a buffer of 1 to the `make` call.

## Go versions
All. `go vet` (sigchanyzer) reports only channels made in the same function; this rule
also follows package-level variables and struct fields.
"#,
    check,
};

fn check(cx: &mut Checker) {
    if !cx.imports_path("os/signal") {
        return;
    }
    let file = cx.file;
    let mut notifies = Vec::new();
    for (i, s) in file.stmts.iter().enumerate() {
        if matches!(s.kind, StmtKind::Expr(_)) {
            for_each_call(file, gotraps_syntax::ast::StmtId(i as u32), |call| {
                if cx.pkg_func_call(call, "os/signal", &["Notify"]).is_some() {
                    notifies.push(call);
                }
            });
        }
    }
    for call in notifies {
        let ExprKind::Call { args, .. } = &file.expr(call).kind else {
            continue;
        };
        let Some(&ch) = args.first() else { continue };
        // With the model the channel is one variable or field object; without it, a name.
        let key = match semantic::var_object(cx, ch) {
            Some(obj) => Key::Obj(obj),
            None => match channel_key(file, ch) {
                Some(k) => k,
                None => continue,
            },
        };
        // Look for the make in this file first, then in the package's other files.
        let found = find_unbuffered_make(cx, cx.file_index, &key).map(|m| (cx.file_index, m)).or_else(|| {
            (0..cx.package.files.len())
                .filter(|&i| i != cx.file_index)
                .find_map(|i| find_unbuffered_make(cx, i, &key).map(|m| (i, m)))
        });
        let Some((fi, make)) = found else { continue };
        let other = &cx.package.files[fi];
        let make_span = other.ast.expr(make).span;
        let ExprKind::Call { rparen, .. } = other.ast.expr(make).kind else {
            continue;
        };
        let same_file = fi == cx.file_index;
        let ch_text = cx.text(file.expr(ch).span).to_string();
        let d = cx.report(
            file.expr(call).span,
            format!("`signal.Notify` on unbuffered channel `{ch_text}`: a signal that arrives while nobody is receiving is dropped"),
        );
        if same_file {
            d.with_label_mut(make_span.start, make_span.end, "made without a buffer here");
            d.fix = Some(Fix {
                message: "give the channel a buffer of 1".into(),
                edits: vec![Edit { span: Span::at(rparen), replacement: ", 1".into() }],
            });
        } else {
            let (line, _) = other.lines.line_col(make_span.start);
            d.help = Some(format!("made without a buffer at {}:{line}: use `make(chan os.Signal, 1)`", other.path));
        }
        if d.help.is_none() {
            d.help = Some("use `make(chan os.Signal, 1)`".into());
        }
    }
}

/// What identifies the channel across the package: a plain name, or the field name of
/// a selector (`s.sigs` -> field `sigs`).
#[derive(PartialEq, Eq)]
enum Key<'a> {
    Name(&'a str),
    Field(&'a str),
    /// The variable or field object, when the semantic model resolved it.
    Obj(gotraps_semantic::ObjId),
}

fn channel_key<'a>(file: &'a File, ch: ExprId) -> Option<Key<'a>> {
    match &file.expr(ch).kind {
        ExprKind::Ident(i) => Some(Key::Name(file.name(*i))),
        ExprKind::Selector { sel, .. } => Some(Key::Field(file.name(*sel))),
        ExprKind::Paren { x } => channel_key(file, *x),
        _ => None,
    }
}

/// A `make(chan os.Signal)` (no size, or size 0) assigned to the key in file `fi`.
fn find_unbuffered_make(cx: &Checker, fi: usize, key: &Key) -> Option<ExprId> {
    let file = &cx.package.files[fi].ast;
    struct Finder<'k, 'a, 'c> {
        key: &'k Key<'a>,
        cx: &'c Checker<'c>,
        fi: usize,
        found: Option<ExprId>,
    }
    impl Finder<'_, '_, '_> {
        /// Whether the expression (an assignment target or composite-literal key) is the key.
        fn is_key(&self, file: &File, e: ExprId) -> bool {
            match self.key {
                Key::Obj(obj) => {
                    semantic::var_object_in(self.cx, self.fi, e) == Some(*obj)
                        || matches!(&file.expr(e).kind, ExprKind::Ident(i)
                            if self.cx.semantic().and_then(|m| m.object_of(self.fi, *i)) == Some(*obj))
                }
                key => channel_key(file, e).as_ref() == Some(key),
            }
        }
        fn is_unbuffered(&self, file: &File, e: ExprId) -> bool {
            is_unbuffered_signal_make(self.cx, self.fi, file, e)
        }
    }
    impl Visitor for Finder<'_, '_, '_> {
        fn visit_stmt(&mut self, file: &File, id: gotraps_syntax::ast::StmtId) {
            if let StmtKind::Assign { lhs, rhs, .. } = &file.stmt(id).kind {
                if lhs.len() == rhs.len() {
                    for (l, r) in lhs.iter().zip(rhs) {
                        if self.is_key(file, *l) && self.is_unbuffered(file, *r) {
                            self.found.get_or_insert(*r);
                        }
                    }
                }
            }
            visit::walk_stmt(self, file, id);
        }
        fn visit_expr(&mut self, file: &File, id: ExprId) {
            if let ExprKind::KeyValue { key, value } = &file.expr(id).kind {
                let matches_key = match self.key {
                    Key::Field(f) => matches!(&file.expr(*key).kind, ExprKind::Ident(i) if file.name(*i) == *f),
                    Key::Obj(_) => self.is_key(file, *key),
                    Key::Name(_) => false,
                };
                if matches_key && self.is_unbuffered(file, *value) {
                    self.found.get_or_insert(*value);
                }
            }
            visit::walk_expr(self, file, id);
        }
        fn visit_decl(&mut self, file: &File, decl: &Decl) {
            if let Decl::Gen(g) = decl {
                for spec in &g.specs {
                    if let Spec::Value(vs) = spec {
                        for (n, v) in vs.names.iter().zip(&vs.values) {
                            let named = match self.key {
                                Key::Obj(obj) => {
                                    self.cx.semantic().and_then(|m| m.object_of(self.fi, *n)) == Some(*obj)
                                }
                                key => *key == Key::Name(file.name(*n)),
                            };
                            if named && self.is_unbuffered(file, *v) {
                                self.found.get_or_insert(*v);
                            }
                        }
                    }
                }
            }
            visit::walk_decl(self, file, decl);
        }
    }
    let mut f = Finder { key, cx, fi, found: None };
    visit::walk_file(&mut f, file);
    f.found
}

fn is_unbuffered_signal_make(cx: &Checker, fi: usize, file: &File, e: ExprId) -> bool {
    let ExprKind::Call { fun, args, .. } = &file.expr(e).kind else {
        return false;
    };
    if !crate::semantic::is_builtin(cx, fi, *fun, gotraps_semantic::Builtin::Make) {
        return false;
    }
    let Some(&t) = args.first() else { return false };
    let ExprKind::ChanType { value, .. } = file.expr(t).kind else {
        return false;
    };
    let signal = match cx.semantic() {
        Some(m) => semantic::is_signal_chan(cx, m.type_of(fi, e)),
        None => None,
    };
    if !signal.unwrap_or_else(|| file.text(file.expr(value).span).ends_with("Signal")) {
        return false;
    }
    match args.get(1) {
        None => true,
        Some(&n) => file.text(file.expr(n).span) == "0",
    }
}
