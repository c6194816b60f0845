//! GT067 exec-buffer-read-while-running (T20).

use crate::checker::Checker;
use crate::races::location;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static EXEC_BUFFER_READ_WHILE_RUNNING: Rule = Rule {
    code: "GT067",
    name: "exec-buffer-read-while-running",
    traps: &["T20"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary: "a buffer given to os/exec as Stdout or Stderr is read before `cmd.Wait`",
    doc: r#"## What it does
Flags a use of a `bytes.Buffer` or `strings.Builder` variable after it was handed to a
command (`cmd.Stdout = &buf` or `cmd.Stderr = &buf`) and the command was started with
`cmd.Start()`, before `cmd.Wait()` (or `Run`/`Output`) returns on that path. A deferred
`Wait` runs too late to count.

Opt-in (`--extend-select exec-buffer-read-while-running`).

## Why is this bad?
When the writer is not an `*os.File`, os/exec copies the process's output into it from a
goroutine of its own until `Wait` returns. Reading the buffer meanwhile is a data race
with that goroutine: a torn or partial read, or a crash inside `bytes.Buffer`.

## Example
```go
var stderr bytes.Buffer
cmd.Stderr = &stderr
if err := cmd.Start(); err != nil {
	return err
}
defer cmd.Wait()
if !waitReady(timeout) {
	return fmt.Errorf("not ready: %s", stderr.String())
}
```

## Use instead
Kill the process and `Wait` before reading the buffer, or give os/exec a writer that
locks (a small type wrapping the buffer with a mutex).

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    let fi = cx.file_index as u32;
    let found: Vec<_> = cx.package.races().exec_buffers.iter().filter(|b| b.file == fi).cloned().collect();
    for b in found {
        let msg = format!(
            "`{}` is read while the command started at {} may still write it from os/exec's copying goroutine: `Wait` has not returned yet",
            b.buffer,
            location(cx, b.file, b.start),
        );
        let d = cx.report(b.span, msg);
        d.with_label_mut(b.handed.start, b.handed.end, "handed to the command here");
        d.help = Some(
            "call cmd.Wait (after Process.Kill if needed) before reading the buffer, or use a locked writer".into(),
        );
    }
}
