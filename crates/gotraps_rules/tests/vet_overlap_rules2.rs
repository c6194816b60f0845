//! Where the rules of the second half overlap `go vet` (waitgroup, copylocks,
//! httpresponse), staticcheck (SA2000-SA2003) and golangci-lint's bodyclose, run the tool
//! on the same fixture and check the differences the rule docs state. Needs `go`,
//! `staticcheck` and `bodyclose` (`go install honnef.co/go/tools/cmd/staticcheck@latest`,
//! `go install github.com/timakin/bodyclose@latest`): missing tools fail under CI=true and
//! skip (with a message) otherwise.

mod support;

use support::{fixture, gotraps_lines, line_of, tool, tool_lines};

#[test]
fn waitgroup_add_vs_vet_and_sa2000() {
    let Some(go) = tool("go") else { return };
    let dir = fixture("waitgroup-add-in-goroutine");
    let ours = gotraps_lines("waitgroup-add-in-goroutine", &dir);
    let vet = tool_lines(&dir, &go, &["vet", "./..."], "WaitGroup.Add called from inside new goroutine");
    let first_stmt = line_of(&dir, "crawler.go", "c.wg.Add(1)");
    let later_stmt = line_of(&dir, "crawler.go", "\t\t\twg.Add(1) //");
    // Both report an Add that is the goroutine's first statement.
    assert!(vet.contains(&first_stmt) && ours.contains(&first_stmt), "vet {vet:?} ours {ours:?}");
    // Only gotraps reports an Add later in the goroutine body.
    assert!(!vet.contains(&later_stmt) && ours.contains(&later_stmt), "vet {vet:?} ours {ours:?}");
    assert!(vet.is_subset(&ours), "vet reports something gotraps misses: {vet:?} vs {ours:?}");
    if let Some(sc) = tool("staticcheck") {
        let sa = tool_lines(&dir, &sc, &["-checks", "SA2000", "./..."], "SA2000");
        assert_eq!(sa, vet, "SA2000 and vet waitgroup agree on this fixture");
    }
}

#[test]
fn copied_lock_vs_vet_copylocks() {
    let Some(go) = tool("go") else { return };
    let dir = fixture("copied-lock");
    let ours = gotraps_lines("copied-lock", &dir);
    // vet is the oracle: every copy it reports (receivers, parameters, assignments, `var`
    // declarations, composite literals, returns, call arguments, range and loop
    // variables) must be reported by gotraps too.
    let vet = tool_lines(&dir, &go, &["vet", "-copylocks", "./..."], "lock");
    assert!(vet.len() >= 20, "vet copylocks reports too little on the fixture: {vet:?}");
    let missed: Vec<_> = vet.difference(&ours).collect();
    assert!(missed.is_empty(), "vet reports copies gotraps misses: {missed:?}");
    // Nothing vet calls fine, unless the fixture line says why (`gotraps only:`).
    for (file, line) in ours.difference(&vet) {
        let src = std::fs::read_to_string(dir.join(file)).unwrap();
        let text = src.lines().nth(*line as usize - 1).unwrap_or("");
        assert!(text.contains("gotraps only:"), "{file}:{line} is reported by gotraps only, without a reason: {text}");
    }
    for (file, needle) in [
        ("metrics.go", "func (c Counter) Inc"),
        ("copies.go", "h := r.hists[name] // want"),
        ("copies.go", "for _, h := range r.list {"),
        ("copies.go", "return h"),
    ] {
        assert!(ours.contains(&line_of(&dir, file, needle)), "{file}: {needle}");
    }
}

#[test]
fn response_body_vs_vet_httpresponse() {
    let Some(go) = tool("go") else { return };
    let dir = fixture("response-body-not-closed");
    let ours = gotraps_lines("response-body-not-closed", &dir);
    let vet = tool_lines(&dir, &go, &["vet", "-httpresponse", "./..."], "using resp before checking for errors");
    let defer_before_check = line_of(&dir, "vetcase.go", "defer resp.Body.Close()");
    let early_return = line_of(&dir, "billing.go", "already refunded");
    // vet: the defer placed before the error check; gotraps: bodies left open on a path.
    assert!(vet.contains(&defer_before_check) && !ours.contains(&defer_before_check));
    assert!(ours.contains(&early_return) && !vet.contains(&early_return));
    assert!(ours.is_disjoint(&vet));
}

#[test]
fn lock_rules_vs_staticcheck_sa2001_sa2003() {
    let Some(sc) = tool("staticcheck") else { return };
    for (rule, dir) in [
        ("double-lock", "double-lock"),
        ("lock-not-released", "lock-not-released"),
        ("unlock-of-unlocked", "unlock-of-unlocked"),
    ] {
        let dir = fixture(dir);
        let ours = gotraps_lines(rule, &dir);
        assert!(!ours.is_empty());
        let sa = tool_lines(&dir, &sc, &["-checks", "SA2000,SA2001,SA2002,SA2003", "./..."], "(SA200");
        // staticcheck's lock checks see none of the double locks, early returns and
        // repeated unlocks of these fixtures.
        assert!(
            ours.is_disjoint(&sa),
            "{rule}: staticcheck also reports {:?}",
            ours.intersection(&sa).collect::<Vec<_>>()
        );
    }
}

#[test]
fn response_body_vs_golangci_bodyclose() {
    let Some(bodyclose) = tool("bodyclose") else { return };
    let dir = fixture("response-body-not-closed");
    let ours = gotraps_lines("response-body-not-closed", &dir);
    let theirs = tool_lines(&dir, &bodyclose, &["./..."], "response body must be closed");
    // Both report a response whose body no path closes.
    for l in [line_of(&dir, "billing.go", "c.http.Post("), line_of(&dir, "billing.go", "http.Get(u)")] {
        assert!(theirs.contains(&l) && ours.contains(&l), "{l:?}: bodyclose {theirs:?} ours {ours:?}");
    }
    // Only gotraps reports a body left open on one early-return path (bodyclose accepts any
    // close anywhere in the function), at that return.
    let early = line_of(&dir, "billing.go", "already refunded");
    assert!(ours.contains(&early) && !theirs.contains(&early), "bodyclose {theirs:?} ours {ours:?}");
    // Only bodyclose reports HEAD responses (net/http gives them http.NoBody) and a response
    // handed back to the caller through a closure: gotraps stays silent on both.
    let head = line_of(&dir, "probes.go", "resp, err := http.Head(url)");
    let handed = line_of(&dir, "probes.go", "resp, err = c.Do(req)");
    for l in [head, handed] {
        assert!(theirs.contains(&l) && !ours.contains(&l), "{l:?}: bodyclose {theirs:?} ours {ours:?}");
    }
}
