//! GT066 testing-t-after-test (T38).

use crate::checker::Checker;
use crate::races::location;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static TESTING_T_AFTER_TEST: Rule = Rule {
    code: "GT066",
    name: "testing-t-after-test",
    traps: &["T38"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary: "`testing.T` used in a goroutine that its starter does not wait for",
    doc: r#"## What it does
Flags `t.Log*`, `t.Error*`, `t.Fatal*`, `t.Fail*` and `t.Skip*` on a `*testing.T` (or
`B`, `F`, `TB`) inside a goroutine, when the function starting the goroutine returns
without waiting for it: no `Wait` and no receive on a channel the goroutine sends on or
closes after the `go` statement (a wait registered with `t.Cleanup` counts). Test helpers
in non-test files are checked like any code; `_test.go` files when tests are included.

Opt-in (`--extend-select testing-t-after-test`).

## Why is this bad?
The goroutine can still run after the test returned: `t.Log` and `t.Error` then panic
("Log in goroutine after TestX has completed") and take the whole test binary down, and
the failure it meant to report is lost. Before that, `t.Fatal` from a goroutine other than
the test's does not stop the test.

## Example
```go
func readEvents(t *testing.T, s *Stream) <-chan string {
	out := make(chan string, 64)
	go func() {
		for msg := range s.C {
			t.Logf("received %s", msg)
			out <- msg
		}
	}()
	return out
}
```

## Use instead
```go
	done := make(chan struct{})
	go func() {
		defer close(done)
		...
	}()
	t.Cleanup(func() { s.Close(); <-done })
```

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    let fi = cx.file_index as u32;
    let found: Vec<_> = cx.package.races().testing.iter().filter(|u| u.file == fi).cloned().collect();
    for u in found {
        let spawn = cx.package.races().spawns[u.spawn].clone();
        let msg = format!(
            "`{}` in the goroutine started at {}, which `{}` does not wait for: it can run after the test returned and panic",
            u.call,
            location(cx, spawn.file, spawn.span),
            u.starter,
        );
        let d = cx.report(u.span, msg);
        if spawn.file == fi {
            d.with_label_mut(spawn.span.start, spawn.span.end, "goroutine started here");
        }
        d.help =
            Some("wait for the goroutine before the test ends (t.Cleanup with a receive on a done channel)".into());
    }
}
