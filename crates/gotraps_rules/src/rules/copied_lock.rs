//! GT025 copied-lock (T25).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::{Edit, Fix, Severity};
use gotraps_syntax::ast::{Decl, ExprKind, FieldList};
use gotraps_syntax::Span;

pub static COPIED_LOCK: Rule = Rule {
    code: "GT025",
    name: "copied-lock",
    traps: &["T25"],
    severity: Severity::Error,
    default_on: true,
    fixable: true,
    summary: "a type holding a Mutex/WaitGroup/Once/Cond is copied by a value receiver or parameter",
    doc: r#"## What it does
Flags, for struct types declared in the package that hold a `sync.Mutex`, `RWMutex`,
`WaitGroup`, `Once`, `Cond`, `Pool` or `Map` by value (directly, embedded, in a nested
struct of the package or an array):
- a method with a value receiver of that type;
- a function or method parameter of that type by value;
- a `sync.*` lock type itself passed or returned by value.

## Why is this bad?
Each call copies the struct, lock included. A value-receiver method locks its own copy,
so it excludes nobody: the data it reads races with every writer, and a copy made while
the lock is held starts out locked forever. A copied WaitGroup counts nothing for the
original; a copied Once runs again.

## Example
```go
type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c Counter) Inc(k string) { // c is a copy: c.mu protects nothing
	c.mu.Lock()
	c.n[k]++
	c.mu.Unlock()
}
```

## Use instead
```go
func (c *Counter) Inc(k string) {
	c.mu.Lock()
	c.n[k]++
	c.mu.Unlock()
}
```

## Fix
Makes the receiver a pointer (`(c Counter)` -> `(c *Counter)`). Callers that call the
method on a non-addressable value (a map element, a function result) then need a
variable; values stored in interfaces need a pointer. Review before committing.

## Go versions
All. `go vet` (copylocks) reports the same receivers and parameters (and also
assignments, composite literals, range values and calls that copy); this rule adds
the receiver fix and names the field that holds the lock. Keep `go vet` on for the
other copy sites.
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    if !might_copy(file) {
        return;
    }
    let pt = cx.package.types();
    let mut hits: Vec<(Span, String, Option<u32>)> = Vec::new();
    for d in &file.decls {
        let Decl::Func(fd) = d else { continue };
        if let Some(recv) = &fd.recv {
            for f in &recv.list {
                let t = pt.resolve(file, cx.file_index, f.typ);
                if let Some((k, path)) = pt.holds_sync_by_value(cx.package, t, 0) {
                    let tname = file.text(file.expr(f.typ).span);
                    let msg = format!(
                        "value receiver copies `{tname}`, which holds a {}{}: the method works on a copy of the lock",
                        k.name(),
                        if path.is_empty() { String::new() } else { format!(" (`{path}`)") }
                    );
                    hits.push((file.expr(f.typ).span, msg, Some(file.expr(f.typ).span.start)));
                }
            }
        }
        // Results are left alone: returning a fresh value (`return T{}`) copies no lock
        // in use, and the copies that matter show up as receivers and parameters.
        let lists: [(&FieldList, &str); 1] = [(&fd.typ.params, "parameter")];
        for (list, what) in lists {
            for f in &list.list {
                if matches!(file.expr(f.typ).kind, ExprKind::Ellipsis { .. }) {
                    continue;
                }
                let t = pt.resolve(file, cx.file_index, f.typ);
                if let Some((k, path)) = pt.holds_sync_by_value(cx.package, t, 0) {
                    let tname = file.text(file.expr(f.typ).span);
                    let held = if path.is_empty() {
                        String::new()
                    } else {
                        format!(", which holds a {} (`{path}`)", k.name())
                    };
                    let msg = format!("{what} passes `{tname}` by value{held}: the lock is copied");
                    hits.push((file.expr(f.typ).span, msg, None));
                }
            }
        }
    }
    for (span, msg, star_at) in hits {
        let d = cx.report(span, msg);
        d.help = Some("use a pointer (`*T`) so every caller shares one lock".into());
        if let Some(at) = star_at {
            d.fix = Some(Fix {
                message: "use a pointer receiver".into(),
                edits: vec![Edit { span: Span::at(at), replacement: "*".into() }],
            });
        }
    }
}

/// Cheap filter before building the package tables: a value receiver, or a parameter
/// whose type is a non-builtin name or a `sync.` type.
fn might_copy(file: &gotraps_syntax::ast::File) -> bool {
    const BUILTIN: &[&str] = &[
        "string",
        "int",
        "int8",
        "int16",
        "int32",
        "int64",
        "uint",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "uintptr",
        "bool",
        "byte",
        "rune",
        "float32",
        "float64",
        "complex64",
        "complex128",
        "error",
        "any",
    ];
    let by_value = |t| match &file.expr(t).kind {
        ExprKind::Ident(i) => !BUILTIN.contains(&file.name(*i)),
        ExprKind::Index { .. } | ExprKind::IndexList { .. } => true,
        ExprKind::Selector { .. } => file.text(file.expr(t).span).starts_with("sync."),
        _ => false,
    };
    file.decls.iter().any(|d| match d {
        Decl::Func(fd) => {
            fd.recv.as_ref().is_some_and(|r| r.list.iter().any(|f| by_value(f.typ)))
                || fd.typ.params.list.iter().any(|f| by_value(f.typ))
        }
        _ => false,
    })
}
