//! GT060 unsynchronized-shared-access (T20, T21).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_deep::race::RaceKind;
use gotraps_diagnostics::Severity;

pub static UNSYNCHRONIZED_SHARED_ACCESS: Rule = Rule {
    code: "GT060",
    name: "unsynchronized-shared-access",
    traps: &["T20", "T21"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary: "a field, package variable or map reached by two goroutines is written with no lock on either side",
    doc: r#"## What it does
Flags a write to a struct field, a package-level variable, or a map or slice element
held in one, and another access to it (read or write), where neither access holds a lock
and the two can run at the same time:

- one runs in a goroutine the package starts (`go` statement, `WaitGroup.Go`, errgroup
  `Go`) and the other in another goroutine, in a second instance of the same goroutine
  (started in a loop), or in an exported function or method that may run meanwhile
  (not before the `go` statement that starts it, nor after a `Wait` or receive that
  joins it);
- or both run from exported methods of a type that holds a `sync.Mutex` or
  `sync.RWMutex` (a type designed to be shared between goroutines).

Accesses are followed through calls inside the package (methods, functions, interface
methods implemented in the package) with the locks the callers hold. Objects a function
has just allocated and not yet shared (stored, sent, or handed to a goroutine) are not
flagged. The message names both accesses, the goroutines they run in and the locks held.

Opt-in (`--extend-select unsynchronized-shared-access`): not yet measured on the
validation set.

## Why is this bad?
Unsynchronised concurrent accesses with a write are a data race: the reader can see a
torn or stale value, the compiler may keep the value in a register forever, and a map
written concurrently aborts the process with `fatal error: concurrent map writes`.
`go test -race` finds the race only when a test runs both sides at once.

## Example
```go
type Server struct {
	mu      sync.Mutex
	clients map[string]*Client
	started time.Time
}

func (s *Server) Start() {
	go s.serve()
}

func (s *Server) serve() {
	s.started = time.Now() // written by the goroutine
}

func (s *Server) Uptime() time.Duration {
	return time.Since(s.started) // read by any caller, no lock on either side
}
```

## Use instead
Hold the type's mutex on both sides, use `sync/atomic` types, or set the field before
the `go` statement that starts the goroutine.

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    crate::races::report(
        cx,
        &[RaceKind::Unprotected],
        "hold one mutex at both accesses, use a sync/atomic type, or hand the value over a channel",
    );
}
