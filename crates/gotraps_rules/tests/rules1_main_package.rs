//! Cases the fixture harness cannot hold because they need `package main` next to the
//! rule's library fixture: a goroutine started by `main` cannot outlive it (the process
//! ends when `main` returns), so deferred-release-used-by-goroutine stays silent there,
//! while the same body in another function of the package is reported.

use gotraps_rules::{analyze_package, find, SourceFile};
use gotraps_semantic::{Program, ProgramOptions};
use gotraps_syntax::{parse_file, LineIndex};
use gotraps_workspace::GoVersion;
use std::path::Path;

const SRC: &str = r#"package main

import (
	"net/http"
	"os"
	"os/signal"
)

func main() {
	srv := &http.Server{Addr: ":8080"}
	defer srv.Close()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	go func() {
		<-sig
		srv.SetKeepAlivesEnabled(false)
	}()
	srv.ListenAndServe()
}

func serveAdmin() {
	srv := &http.Server{Addr: ":9090"}
	defer srv.Close()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	go func() {
		<-sig
		srv.SetKeepAlivesEnabled(false)
	}()
	srv.ListenAndServe()
}
"#;

#[test]
fn goroutines_of_main_do_not_outlive_it() {
    let rule = find("deferred-release-used-by-goroutine").unwrap();
    let files = vec![SourceFile {
        path: "main.go".into(),
        lines: LineIndex::new(SRC.as_bytes()),
        ast: parse_file(SRC.as_bytes()).into(),
    }];
    let program = Program::new(ProgramOptions::default());
    let version = GoVersion { major: 1, minor: 22 };
    let diags = analyze_package(Some(&program), Path::new("."), None, &files, version, &[rule]);
    let lines: Vec<u32> = diags[0].iter().map(|d| files[0].lines.line_col(d.span.start).0).collect();
    let admin_go = SRC.lines().position(|l| l.contains("func serveAdmin")).unwrap() as u32 + 6;
    assert_eq!(lines, vec![admin_go], "only the goroutine of serveAdmin is reported");
}
