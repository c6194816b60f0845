//! GT065 waitgroup-done-without-add (T26).

use crate::checker::Checker;
use crate::races::location;
use crate::rule::Rule;
use gotraps_deep::race::WaitGroupIssueKind;
use gotraps_diagnostics::Severity;

pub static WAITGROUP_DONE_WITHOUT_ADD: Rule = Rule {
    code: "GT065",
    name: "waitgroup-done-without-add",
    traps: &["T26"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary: "`WaitGroup.Done` on a WaitGroup the package waits on but never adds to",
    doc: r#"## What it does
Flags `wg.Done()` on a WaitGroup held in a struct field or package variable when the
package calls `Wait` on WaitGroups but never `Add` (nor `Go`) on any: nothing ever
raises the counter that the `Done` lowers. The message names the `Done` and a `Wait`.
A WaitGroup passed in as a parameter is not flagged (its caller may add).

Opt-in (`--extend-select waitgroup-done-without-add`).

## Why is this bad?
`Done` on a zero counter panics ("sync: negative WaitGroup counter"), and before that
the `Wait` it was meant to hold returns at once. The usual cause is an `Add` removed or
never written for a callback that reports completion.

## Example
```go
func (s *StatusBar) Completed() {
	s.wg.Done()
}

func upload(files []string) {
	wg := &sync.WaitGroup{}
	bar := &StatusBar{wg: wg}
	for _, f := range files {
		startUpload(f, bar) // calls bar.Completed when done
		wg.Wait()
	}
}
```

## Use instead
```go
	for _, f := range files {
		wg.Add(1)
		startUpload(f, bar)
		wg.Wait()
	}
```

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    let fi = cx.file_index as u32;
    let found: Vec<_> = cx
        .package
        .races()
        .waitgroups
        .iter()
        .filter(|w| w.file == fi && w.kind == WaitGroupIssueKind::DoneWithoutAdd)
        .cloned()
        .collect();
    for w in found {
        let wait = w.wait.map_or("?".to_string(), |(f, s)| location(cx, f, s));
        let msg = format!(
            "`{}.Done` but the package never calls `Add` on a WaitGroup (it waits at {}): the counter goes negative and panics",
            w.name, wait,
        );
        cx.report(w.span, msg).help = Some("call Add(1) before starting each piece of work that calls Done".into());
    }
}
