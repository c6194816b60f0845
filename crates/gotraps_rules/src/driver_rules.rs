//! The findings the check driver reports itself rather than a rule's check: syntax errors
//! (E001) and problems with suppression comments (S001, S002). They are registry entries
//! so that `gotraps rules`, `gotraps rule E001`, SARIF and the cache know them like any
//! rule. They are always on (S001 with `--report-unused-suppressions`) and not selectable.

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;

/// The driver emits these findings; there is nothing to run per file.
fn reported_by_the_driver(_: &mut Checker) {}

pub static SYNTAX_ERROR: Rule = Rule {
    code: "E001",
    name: "syntax-error",
    traps: &[],
    severity: Severity::Error,
    default_on: true,
    fixable: false,
    summary: "the file is not valid Go syntax; findings in it may be missing",
    doc: r#"## What it does
Reports where a file stops being valid Go, with go/parser's message. gotraps reads exactly
what go/parser accepts: a file go/parser rejects gets E001, and one it accepts never does.

At most 10 syntax errors are shown per file, the first on each line (go/parser stops at 10
too); a file that is not text at all (a NUL byte, as in a binary saved as `.go`) gets one
E001 at the first NUL.

## Why is this bad?
The Go compiler rejects the file, and the rules see only the parts that parsed: findings
inside the broken region are missing, and findings around it may be wrong.

## Example
```go
func handle(w http.ResponseWriter, r *http.Request) {
	go func() {
		process(r)
	// missing `}()`
}
```

## Use instead
```go
func handle(w http.ResponseWriter, r *http.Request) {
	go func() {
		process(r)
	}()
}
```

## Go versions
All.
"#,
    check: reported_by_the_driver,
};

pub static UNUSED_SUPPRESSION: Rule = Rule {
    code: "S001",
    name: "unused-suppression",
    traps: &[],
    severity: Severity::Warning,
    default_on: false,
    fixable: false,
    summary: "a suppression comment that suppresses nothing (with --report-unused-suppressions)",
    doc: r#"## What it does
With `--report-unused-suppressions`, reports a `//gotraps:ignore`, `//gotraps:file-ignore`
or `//nolint` comment (or one rule listed in it) that suppressed no finding in this run.
`//nolint` comments are reported only when they name gotraps or a `GT` code: other names
may belong to other golangci-lint linters.

## Why is this bad?
A stale suppression hides the next real finding on its line, and a misspelt rule name
suppresses nothing while looking as if it did.

## Example
```go
//gotraps:ignore defer-in-lop the loop runs twice
defer f.Close()
```

## Use instead
```go
//gotraps:ignore defer-in-loop the loop runs twice
defer f.Close()
```

## Go versions
All.
"#,
    check: reported_by_the_driver,
};

pub static INVALID_SUPPRESSION: Rule = Rule {
    code: "S002",
    name: "invalid-suppression",
    traps: &[],
    severity: Severity::Warning,
    default_on: true,
    fixable: false,
    summary: "a suppression comment that cannot be applied (malformed, no reason, unknown rule)",
    doc: r#"## What it does
Reports a comment that looks like a suppression but cannot be applied as written: a
`//gotraps:ignore` without rules or without a reason, an unknown directive
(`//gotraps:silence`), a space after `//`, or a rule name or `GT` code that no rule of
this gotraps has (`//gotraps:ignore GT999 ...`, `//nolint:GT999`). The known rules of such
a comment are still suppressed.

## Why is this bad?
The comment's author meant to silence a finding; as written it silences nothing, or less
than they think, and nobody notices until the finding comes back.

## Example
```go
//gotraps:ignore GT013
defer f.Close()
```

## Use instead
```go
//gotraps:ignore GT013 at most three files, closed on return
defer f.Close()
```

## Go versions
All.
"#,
    check: reported_by_the_driver,
};
