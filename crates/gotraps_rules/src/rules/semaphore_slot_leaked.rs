//! GT435 semaphore-slot-leaked (T23, T03).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static SEMAPHORE_SLOT_LEAKED: Rule = Rule {
    code: "GT435",
    name: "semaphore-slot-leaked",
    traps: &["T23", "T03"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary: "a return that keeps a slot of a channel semaphore other paths give back",
    doc: r#"## What it does
Runs the whole-package concurrency analysis (docs/deep.md) and finds buffered channels of
the package used as counting semaphores: a send takes a slot, a receive whose value is
not read (`<-sem`) gives it back, nothing ranges over or closes the channel, and code
outside the package cannot reach it. In each function that takes a slot (a send, or a
call of a function that sends, such as an `Acquire` method), it walks the paths and flags
a `return` that still holds the slot while other paths of the same function give it back
(directly, through a `Release`-style call, or with `defer`). A slot taken in an `if`
condition is not held on that `if`'s branch (the acquire's failure path); a `go`
statement started while holding a slot takes it over.

## Why is this bad?
Each such return loses one slot for good. Nothing fails at first; once every slot is lost
the next acquire blocks forever, and the server stops serving.

## Example
```go
func (s *Server) handle(ctx context.Context, req Request) error {
	if err := s.sem.Acquire(ctx); err != nil {
		return err
	}
	job, err := parse(req)
	if err != nil {
		return err // the slot is never given back
	}
	run(job)
	s.sem.Release()
	return nil
}
```

## Use instead
Release with `defer` right after the acquire succeeds, or give the slot back before every
return.

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    crate::deep::report(cx, gotraps_deep::Detector::PermitLeaked);
}
