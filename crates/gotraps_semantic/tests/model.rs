//! The query API on the fixture module (no Go toolchain needed beyond GOROOT sources;
//! without GOROOT the built-in summary answers for the standard library).

use gotraps_semantic::{
    cfg, BodyOwner, CallKind, ChanBuffer, EventKind, FuncNode, PackageModel, Program, ProgramOptions,
};
use gotraps_syntax::ast::{ExprId, ExprKind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn load<'p>(prog: &'p Program, pkg: &str) -> PackageModel<'p> {
    let dir = fixtures().join(pkg);
    let paths = gotraps_workspace::package_go_files(&dir, &gotraps_workspace::BuildContext::host()).unwrap();
    let files = paths
        .into_iter()
        .map(|p| {
            let src = std::fs::read(&p).unwrap();
            (p, Arc::new(gotraps_syntax::parse_file(&src)))
        })
        .collect();
    let id = prog.add_target(&dir, None, files, None);
    prog.check(id).unwrap()
}

/// The call expression whose source text is exactly `text` (first one).
fn call(m: &PackageModel, text: &str) -> (usize, ExprId) {
    for (fi, f) in m.files().iter().enumerate() {
        for (i, e) in f.exprs.iter().enumerate() {
            if matches!(e.kind, ExprKind::Call { .. }) && f.text(e.span) == text {
                return (fi, ExprId(i as u32));
            }
        }
    }
    panic!("no call `{text}` in the fixture");
}

fn func_body<'a>(m: &'a PackageModel, name: &str) -> &'a gotraps_semantic::Body {
    m.bodies()
        .iter()
        .find(|b| match b.owner {
            BodyOwner::Decl(d) => {
                m.func_decl_obj(b.file as usize, d as usize).is_some_and(|o| m.prog.obj_name(o) == name)
            }
            _ => false,
        })
        .unwrap_or_else(|| panic!("no function {name}"))
}

#[test]
fn promoted_mutex_through_embedded_pointer() {
    let prog = Program::new(ProgramOptions::default());
    let m = load(&prog, "locks");
    let (f, c) = call(&m, "c.Lock()");
    assert_eq!(m.lock_kind(f, c), Some("Mutex"), "c.Lock() is (*sync.Mutex).Lock promoted through *guard");
    let (f, c) = call(&m, "c.mu.RLock()");
    assert!(m.is_call_to(f, c, "sync", Some("RWMutex"), "RLock"));
    assert_eq!(m.call_event(f, c), Some(EventKind::RLock));
    let (f, c) = call(&m, "c.cond.Wait()");
    assert_eq!(m.call_event(f, c), Some(EventKind::CondWait));
    let (f, c) = call(&m, "l.Lock()");
    assert!(m.is_call_to(f, c, "sync", Some("Locker"), "Lock"), "interface method names the interface");
    // byValue holds a Mutex by value; Cache holds its guard behind a pointer.
    let by_value = m.pkg.lookup("byValue").unwrap();
    assert!(m.contains_sync_type(m.obj_type(by_value), "Mutex"));
    let cache = m.pkg.lookup("Cache").unwrap();
    let guard_field = m.select(m.obj_type(cache), "guard").unwrap().obj;
    assert!(!m.contains_sync_type(m.obj_type(guard_field), "Mutex"), "a pointer does not copy the lock");
    assert!(m.contains_sync_type(m.obj_type(m.pkg.lookup("guard").unwrap()), "Mutex"));
    assert!(m.contains_sync_type(m.obj_type(cache), "RWMutex"), "Inner is embedded by value");
    let sel = m.select(m.obj_type(cache), "Lock").unwrap();
    assert_eq!(sel.path.len(), 2, "promoted through *guard, then guard.Mutex");
    assert!(sel.indirect, "the embedded field is a pointer");
    // Which fields are sync locks themselves (through one pointer), and which are not.
    let field = |owner: &str, name: &str| {
        let t = m.obj_type(m.pkg.lookup(owner).unwrap());
        m.obj_type(m.select(t, name).unwrap().obj)
    };
    assert_eq!(m.sync_lock_of(field("Inner", "mu")), Some("RWMutex"));
    assert_eq!(m.sync_lock_of(field("guard", "Mutex")), Some("Mutex"), "an embedded field is a field");
    assert_eq!(m.sync_lock_of(field("Cache", "cond")), None, "*sync.Cond is not a lock");
    assert_eq!(m.sync_lock_of(field("Cache", "once")), None);
    assert_eq!(m.sync_lock_of(field("Cache", "guard")), None, "a struct embedding a lock is not one");
    assert_eq!(gotraps_semantic::sync_lock_name("RWMutex"), Some("RWMutex"));
    assert_eq!(gotraps_semantic::sync_lock_name("Locker"), None, "an interface, not a lock type");
}

#[test]
fn channels_buffers_and_generic_pipelines() {
    let prog = Program::new(ProgramOptions::default());
    let m = load(&prog, "chans");
    let (f, c) = call(&m, "make(chan int, bufSize)");
    assert_eq!(m.make_chan_buffer(f, c), Some(ChanBuffer::Const(4)));
    let (f, c) = call(&m, "make(chan T)");
    assert_eq!(m.make_chan_buffer(f, c), Some(ChanBuffer::Unbuffered));
    let (f, c) = call(&m, "make(chan os.Signal, 1)");
    assert_eq!(m.make_chan_buffer(f, c), Some(ChanBuffer::Const(1)));
    let (f, c) = call(&m, "Merge(ctx, produce(3), produce(5))");
    assert_eq!(m.type_string(m.type_of(f, c)), "<-chan int", "T inferred through a variadic generic call");
    let (f, c) = call(&m, "signal.Notify(sigs, syscall.SIGTERM, os.Interrupt)");
    assert_eq!(m.call_event(f, c), Some(EventKind::SignalNotify));

    let run = func_body(&m, "Run");
    let g = m.cfg(run);
    let kinds: Vec<EventKind> = g.events().map(|(_, e)| e.kind).collect();
    for k in [
        EventKind::ContextWithCancel,
        EventKind::Defer,
        EventKind::TimerNew,
        EventKind::Select,
        EventKind::Recv,
        EventKind::Go,
        EventKind::ContextDone,
    ] {
        assert!(kinds.contains(&k), "Run's CFG lacks {k:?}: {kinds:?}");
    }
    let returns = g.events().filter(|(_, e)| e.kind == EventKind::Return).count();
    assert_eq!(returns, 5, "five return statements");
    assert!(g.predecessors()[cfg::EXIT as usize].len() >= 5);
}

#[test]
fn aliases_closures_and_exit_paths() {
    let prog = Program::new(ProgramOptions::default());
    let m = load(&prog, "aliases");
    let (f, c) = call(&m, "xos.Exit(code)");
    assert!(m.is_call_to(f, c, "os", None, "Exit"), "os.Exit through an import alias");
    let quit = func_body(&m, "Quit");
    let g = m.cfg(quit);
    assert!(g.predecessors()[cfg::NO_RETURN as usize].len() == 1, "os.Exit path");
    assert!(g.predecessors()[cfg::PANIC as usize].len() == 1, "panic path");

    // The goroutine closure in Handle captures the loop variables i and e.
    let handle = func_body(&m, "Handle");
    let f = handle.file as usize;
    let lit = m
        .bodies()
        .iter()
        .filter_map(|b| match b.owner {
            BodyOwner::Lit(e) if m.files()[f].text(m.files()[f].expr(e).span).contains("log.Printf") => Some(e),
            _ => None,
        })
        .next()
        .unwrap();
    let names: Vec<&str> = m.captures(f, lit).iter().map(|&o| m.prog.obj_name(o)).collect();
    for n in ["wg", "mu", "i", "e"] {
        assert!(names.contains(&n), "captures {names:?} lack {n}");
    }
    let i = m.captures(f, lit).iter().copied().find(|&o| m.prog.obj_name(o) == "i").unwrap();
    assert!(!m.is_shared_loop_var(i), "go 1.23 module: per-iteration loop variables");
    assert_eq!(m.type_string(m.obj_type(i)), "int");
    let (f2, c) = call(&m, "ctxpkg.WithCancel(ctx)");
    assert_eq!(m.call_event(f2, c), Some(EventKind::ContextWithCancel));
}

#[test]
fn call_graph_marks_go_sites_and_resolves_methods() {
    let prog = Program::new(ProgramOptions::default());
    let m = load(&prog, "locks");
    let g = m.call_graph();
    let warm = func_body(&m, "Warm");
    let warm_node = m.body_node(warm).unwrap();
    let go_sites: Vec<_> = g.sites.iter().filter(|s| s.kind == CallKind::Go).collect();
    assert_eq!(go_sites.len(), 1);
    assert!(matches!(go_sites[0].callees[..], [FuncNode::Lit { .. }]));
    let put = m.pkg.lookup("Cache").map(|c| m.select(m.prog.types.pointer(m.obj_type(c)), "Put").unwrap().obj).unwrap();
    assert!(
        g.callers_of(FuncNode::Func(put)).any(|s| s.caller != warm_node),
        "Put is called from the goroutine literal"
    );
    let once = g.calls_from(warm_node).find(|s| m.call_event(s.file as usize, s.call) == Some(EventKind::OnceDo));
    assert!(once.is_some(), "Warm calls once.Do");
}

#[test]
fn generic_containers_keep_lock_and_channel_types() {
    let prog = Program::new(ProgramOptions::default());
    let m = load(&prog, "generic");
    let (f, c) = call(&m, "sm.Load(\"a\")");
    assert_eq!(m.type_string(m.type_of(f, c)), "(chan int, bool)");
    let (f, c) = call(&m, "q.Lock()");
    assert_eq!(m.lock_kind(f, c), Some("Mutex"), "sync.Mutex embedded in a generic struct");
    let (f, c) = call(&m, "q.Pop()");
    assert_eq!(m.type_string(m.type_of(f, c)), "(*sync.WaitGroup, bool)");
    let (f, c) = call(&m, "Keys(map[string]bool{\"x\": true})");
    assert_eq!(m.type_string(m.type_of(f, c)), "[]string", "K inferred from the core type of M");
}

#[test]
fn builtin_summary_answers_without_goroot_sources() {
    let prog = Program::new(ProgramOptions { force_summary: true, ..ProgramOptions::default() });
    let m = load(&prog, "chans");
    let (f, c) = call(&m, "time.NewTicker(100 * time.Millisecond)");
    assert_eq!(m.type_string(m.type_of(f, c)), "*time.Ticker");
    assert_eq!(m.call_event(f, c), Some(EventKind::TimerNew));
    let (f, c) = call(&m, "context.WithTimeout(parent, 2*time.Second)");
    assert_eq!(m.type_string(m.type_of(f, c)), "(context.Context, context.CancelFunc)");
    let (f, c) = call(&m, "signal.Notify(sigs, syscall.SIGTERM, os.Interrupt)");
    assert!(m.is_call_to(f, c, "os/signal", None, "Notify"));
    let m = load(&prog, "locks");
    let (f, c) = call(&m, "c.Lock()");
    assert_eq!(m.lock_kind(f, c), Some("Mutex"));
    let (f, c) = call(&m, "c.wg.Wait()");
    assert_eq!(m.call_event(f, c), Some(EventKind::WaitGroupWait));
}

#[test]
fn malformed_code_degrades_to_unknown_types() {
    // Every prefix cut of the fixture sources, plus byte noise, checks without panicking.
    let prog = Program::new(ProgramOptions::default());
    let dir = fixtures().join("chans");
    let src = std::fs::read(dir.join("chans.go")).unwrap();
    let mut cuts: Vec<Vec<u8>> = (1..40).map(|i| src[..src.len() * i / 40].to_vec()).collect();
    let mut noisy = src.clone();
    for i in (7..noisy.len()).step_by(97) {
        noisy[i] = b"{}()[];:=<-*&.,"[i % 15];
    }
    cuts.push(noisy);
    cuts.push(b"package p\nfunc f() { var x T; x.y.z(<-x)[1:2:3] = go; type T struct{ T }; for range x {} }".to_vec());
    cuts.push(b"package p\ntype A B\ntype B A\nvar a = b\nvar b = a\nconst c = c\nfunc (A) m() {}\n".to_vec());
    for (i, text) in cuts.iter().enumerate() {
        let d = dir.join(format!("cut{i}"));
        let file = Arc::new(gotraps_syntax::parse_file(text));
        let id = prog.add_target(&d, Some("example.com/cut"), vec![(d.join("x.go"), file)], None);
        let m = prog.check(id).unwrap();
        for b in m.bodies() {
            let _ = m.cfg(b);
        }
        let _ = m.call_graph();
    }
    // The cyclic declarations resolve to unknown, not to a hang or a panic.
    let d = dir.join(format!("cut{}", cuts.len() - 1));
    let file = Arc::new(gotraps_syntax::parse_file(cuts.last().unwrap()));
    let id = prog.add_target(&d, Some("example.com/cut"), vec![(d.join("x.go"), file)], None);
    let m = prog.check(id).unwrap();
    let a = m.pkg.lookup("a").unwrap();
    assert!(m.obj_type(a).is_invalid());
}

#[test]
fn type_parameter_used_as_its_own_constraint_does_not_hang() {
    // `[C C]` is rejected by go/types; the model once stored C as its own constraint and
    // looped forever computing C's underlying type.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let prog = Program::new(ProgramOptions::default());
        let d = fixtures().join("chans").join("selfconstraint");
        let src = b"package p\ntype B[P any] struct{}\ntype _[C C] struct{}\ntype _[A, B, C B] struct{}\nfunc _[C C]() {}\nfunc f[T any](x T) { _ = x }\n";
        let file = Arc::new(gotraps_syntax::parse_file(src));
        let id = prog.add_target(&d, Some("example.com/selfc"), vec![(d.join("x.go"), file)], None);
        let m = prog.check(id).unwrap();
        for b in m.bodies() {
            let _ = m.cfg(b);
        }
        tx.send(m.pkg.lookup("f").is_some()).unwrap();
    });
    let found = rx.recv_timeout(std::time::Duration::from_secs(60)).expect("checking `[C C]` did not finish");
    assert!(found);
}
