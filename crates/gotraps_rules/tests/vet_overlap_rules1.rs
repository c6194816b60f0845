//! Where the rules of the first half overlap `go vet` (lostcancel, sigchanyzer,
//! loopclosure) and staticcheck (SA1015 `time.Tick` leak, SA1029 built-in context key),
//! run the tool on the same fixture and check the relation the docs state: which fixture
//! lines both report, which only one does. Needs `go` and `staticcheck` (install:
//! `go install honnef.co/go/tools/cmd/staticcheck@latest`): missing tools fail under
//! CI=true and skip (with a message) otherwise.

mod support;

use support::{fixture, gotraps_lines, line_of, tool, tool_lines, Lines};

#[test]
fn lost_cancel_vs_vet_lostcancel() {
    let Some(go) = tool("go") else { return };
    let dir = fixture("lost-cancel");
    let ours = gotraps_lines("lost-cancel", &dir);
    // vet reports the definition ("not used on all paths", "discarded") and, separately,
    // the return that leaks; gotraps reports the definition with the return as a label.
    let vet_defs = tool_lines(&dir, &go, &["vet", "-lostcancel", "./..."], "cancel function");
    let vet_all = tool_lines(&dir, &go, &["vet", "-lostcancel", "./..."], "");
    assert!(!vet_defs.is_empty(), "vet lostcancel reports nothing on the fixture");
    assert!(vet_defs.is_subset(&ours), "vet reports a lost cancel gotraps misses: {vet_defs:?} vs {ours:?}");
    // Only gotraps: a cancel stored in a struct field that nothing in the package calls.
    let field = line_of(&dir, "leaks.go", "w.ctx, w.cancel = context.WithCancel(parent)");
    assert!(ours.contains(&field) && !vet_all.contains(&field), "vet {vet_all:?} ours {ours:?}");
    // Neither reports the negative file.
    assert!(!vet_all.iter().chain(&ours).any(|(f, _)| f == "ok.go"), "vet {vet_all:?} ours {ours:?}");
}

#[test]
fn unbuffered_signal_channel_vs_vet_sigchanyzer() {
    let Some(go) = tool("go") else { return };
    let dir = fixture("unbuffered-signal-channel");
    let ours = gotraps_lines("unbuffered-signal-channel", &dir);
    let vet = tool_lines(&dir, &go, &["vet", "-sigchanyzer", "./..."], "misuse of unbuffered os.Signal channel");
    // Both: a local `make(chan os.Signal)` passed to Notify.
    let local = line_of(&dir, "main.go", "signal.Notify(stop, os.Interrupt, syscall.SIGTERM)");
    assert!(vet.contains(&local) && ours.contains(&local), "vet {vet:?} ours {ours:?}");
    // Only gotraps: channels kept in struct fields and made in another method or file.
    for (file, needle) in
        [("main.go", "signal.Notify(a.quit, syscall.SIGTERM)"), ("daemon.go", "signal.Notify(dm.signals")]
    {
        let at = line_of(&dir, file, needle);
        assert!(ours.contains(&at) && !vet.contains(&at), "{file}: vet {vet:?} ours {ours:?}");
    }
    assert!(vet.is_subset(&ours), "vet reports something gotraps misses: {vet:?} vs {ours:?}");
}

#[test]
fn loop_var_captured_vs_vet_loopclosure() {
    let Some(go) = tool("go") else { return };
    let dir = fixture("loop-var-captured");
    let ours = gotraps_lines("loop-var-captured", &dir);
    let vet = tool_lines(&dir, &go, &["vet", "-loopclosure", "./..."], "captured by func literal");
    // Both: captures by the last statement of the loop body (a defer, an errgroup Go).
    let deferred = line_of(&dir, "shards.go", "log.Printf(\"closing %d: %s\", i, p)");
    let group = line_of(&dir, "shards.go", "return shards[i].Flush()");
    for at in [&deferred, &group] {
        assert!(vet.contains(at) && ours.contains(at), "vet {vet:?} ours {ours:?}");
    }
    // Only gotraps: a `go` statement that is not the last statement of the loop body
    // (vet's loopclosure looks at the last statement only).
    let not_last = line_of(&dir, "shards.go", "if err := s.Flush(); err != nil {");
    assert!(ours.contains(&not_last) && !vet.contains(&not_last), "vet {vet:?} ours {ours:?}");
    assert!(vet.is_subset(&ours), "vet reports something gotraps misses: {vet:?} vs {ours:?}");
    // From `go 1.22` on, both are silent: each iteration has its own variable.
    let new_semantics = dir.join("go122");
    let vet122 = tool_lines(&new_semantics, &go, &["vet", "-loopclosure", "./..."], "captured by func literal");
    assert!(vet122.is_empty() && gotraps_lines("loop-var-captured", &new_semantics).is_empty());
}

#[test]
fn leaky_timer_call_vs_sa1015() {
    let Some(sc) = tool("staticcheck") else { return };
    let dir = fixture("leaky-timer-call");
    let ours = gotraps_lines("leaky-timer-call", &dir);
    let sa = tool_lines(&dir, &sc, &["-checks", "SA1015", "./..."], "(SA1015)");
    // Both: `time.Tick` in a loop of a function that returns.
    for needle in ["tick := time.Tick(time.Second)", "case <-time.Tick(100 * time.Millisecond):"] {
        let at = line_of(&dir, "consumer.go", needle);
        assert!(sa.contains(&at) && ours.contains(&at), "SA1015 {sa:?} ours {ours:?}");
    }
    // Only gotraps: `time.After` raced in a loop's select (a timer per iteration).
    let after = line_of(&dir, "consumer.go", "case <-time.After(c.timeout):");
    assert!(ours.contains(&after) && !sa.contains(&after), "SA1015 {sa:?} ours {ours:?}");
    assert!(sa.is_subset(&ours), "SA1015 reports something gotraps misses: {sa:?} vs {ours:?}");
    // From `go 1.23` on, unreferenced tickers are collected: both are silent.
    let collected = dir.join("go123");
    let sa123 = tool_lines(&collected, &sc, &["-checks", "SA1015", "./..."], "(SA1015)");
    assert!(sa123.is_empty() && gotraps_lines("leaky-timer-call", &collected).is_empty());
}

#[test]
fn builtin_context_key_vs_sa1029() {
    let Some(sc) = tool("staticcheck") else { return };
    let dir = fixture("builtin-context-key");
    let ours = gotraps_lines("builtin-context-key", &dir);
    let sa = tool_lines(&dir, &sc, &["-checks", "SA1029", "./..."], "(SA1029)");
    // Same built-in-typed keys in keys.go (literals, constants, a conversion) and
    // logins.go (the package's string constant, not the local typed key shadowing it).
    let sa_keys: Lines = sa.iter().filter(|(f, _)| f != "ok.go").cloned().collect();
    assert_eq!(ours, sa_keys, "gotraps and SA1029 differ on keys.go and logins.go");
    assert!(ours.iter().any(|(f, _)| f == "logins.go"), "the shadowing fixture is compared: {ours:?}");
    // Only SA1029: an empty anonymous struct key (not a built-in type; gotraps leaves it).
    let empty_struct = line_of(&dir, "ok.go", "context.WithValue(ctx, struct{}{}, true)");
    assert!(sa.contains(&empty_struct) && !ours.contains(&empty_struct), "SA1029 {sa:?} ours {ours:?}");
}
