//! GT433 pipe-writer-left-open (T03, T23).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

pub static PIPE_WRITER_LEFT_OPEN: Rule = Rule {
    code: "GT433",
    name: "pipe-writer-left-open",
    traps: &["T03", "T23"],
    severity: Severity::Error,
    default_on: false,
    fixable: false,
    summary: "a return leaves an `io.Pipe` writer open while a goroutine reads the pipe",
    doc: r#"## What it does
Models `io.Pipe` as a channel-like pair: after `pr, pw := io.Pipe()` and a `go`
statement that reads `pr`, it follows the function's paths and flags each `return`
reached while `pw` is still open, in a function that does close `pw`
(`Close`/`CloseWithError`) on its other paths. A writer handed elsewhere (to a
goroutine, a deferred closure, a package function that closes its parameter, returned
or stored) is not followed.

## Why is this bad?
A pipe read returns only when data arrives or the writer is closed. On the path that
forgets to close, the reading goroutine (an upload, a decoder, an analysis tee) waits
forever, with its connection and buffers.

## Example
```go
pr, pw := io.Pipe()
go func() { done <- upload(pr) }()
if err := writeArchive(pw, files); err != nil {
	return err // pw never closed: upload blocks in Read forever
}
pw.Close()
return <-done
```

## Use instead
`defer pw.Close()` right after starting the reader, or `pw.CloseWithError(err)` on the
error path so the reader sees the failure.

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    crate::deep::report(cx, gotraps_deep::Detector::PipeLeftOpen);
}
