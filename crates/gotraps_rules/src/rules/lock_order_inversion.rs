//! GT024 lock-order-inversion (T24).

use crate::checker::Checker;
use crate::locks::{via, OrderEdge};
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static LOCK_ORDER_INVERSION: Rule = Rule {
    code: "GT024",
    name: "lock-order-inversion",
    traps: &["T24"],
    severity: Severity::Error,
    default_on: true,
    fixable: false,
    summary: "two locks taken in opposite orders in two places of the package (AB-BA deadlock)",
    doc: r#"## What it does
Records, for every function of the package, which lock is acquired while another one is
definitely held (directly or in a method or function of the package it calls), by
type-level identity: `Account.mu`, `Ledger.mu`, a package variable. Flags every place
where lock B is taken under lock A when another place takes A under B.

Two instances of the same lock (`from.mu` then `to.mu` of one type) are not compared:
the analysis cannot tell which instance comes first. Locking an object the function has
just allocated (`n := &Node{}; n.mu.Lock()`) orders nothing: no other goroutine can see
it yet.

## Why is this bad?
When the two places run at the same time, each goroutine holds the lock the other waits
for: both block forever, and so does everything that needs either lock. It only happens
under concurrency, so tests rarely show it.

## Example
```go
func (s *Server) AddUser(u *User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reg.Add(u) // locks reg.mu under s.mu
}

func (r *Registry) Evict(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.srv.drop(id) // locks s.mu under reg.mu: opposite order
}
```

## Use instead
Take the locks in one global order everywhere (document it), or release the first lock
before calling into the other component.

## Go versions
All. No `go vet`/staticcheck check; go-deadlock finds it only at run time.
"#,
    check,
};

fn check(cx: &mut Checker) {
    let pkg = cx.package;
    let mine: Vec<&OrderEdge> = pkg.lock_analysis(cx.file_index).iter().flat_map(|(_, f)| &f.edges).collect();
    if mine.is_empty() {
        return;
    }
    let all: Vec<(usize, &OrderEdge)> = (0..pkg.files.len())
        .flat_map(|fi| pkg.lock_analysis(fi).iter().flat_map(|(_, f)| &f.edges).map(move |e| (fi, e)))
        .collect();
    for e in &mine {
        let Some((ofi, other)) = all.iter().find(|(_, o)| o.held == e.taken && o.taken == e.held) else { continue };
        let chain = via(cx, &e.via);
        let other_file = &cx.package.files[*ofi];
        let (line, _) = other_file.lines.line_col(other.taken_at.start);
        let same_file = *ofi == cx.file_index;
        let d = cx.report(
            e.taken_at,
            format!(
                "`{}` taken while `{}` is held, but elsewhere the order is reversed: AB-BA deadlock",
                e.taken, e.held
            ),
        );
        d.with_label_mut(e.held_at.start, e.held_at.end, format!("`{}` held since here", e.held));
        if same_file {
            d.with_label_mut(
                other.taken_at.start,
                other.taken_at.end,
                format!("`{}` taken while `{}` is held", other.taken, other.held),
            );
        }
        d.help = Some(format!(
            "take the locks in one order everywhere (the reversed order is at {}:{line}), or release `{}` before taking `{}`",
            other_file.path, e.held, e.taken
        ));
        chain.apply(d);
    }
}
