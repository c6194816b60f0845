//! Reporting of the package's data races (gotraps_deep::race) for the race rules: each
//! finding names both accesses, the goroutines they run in and the locks held at each.

use crate::checker::Checker;
use gotraps_deep::race::{Access, Held, Race, RaceKind, RaceReport, Thread};

/// Reports the races of kind `kinds` whose first access is in the checked file.
pub fn report(cx: &mut Checker, kinds: &[RaceKind], help: &str) {
    let races: Vec<Race> =
        cx.package.races().in_file(cx.file_index).filter(|r| kinds.contains(&r.kind)).cloned().collect();
    for r in races {
        let report = cx.package.races();
        let first = describe_access(report, &r.first.access, r.kind == RaceKind::MixedAtomic);
        let second = describe_access(report, &r.second.access, r.kind == RaceKind::MixedAtomic);
        let what = match r.kind {
            RaceKind::Unprotected => "data race",
            RaceKind::InconsistentLock => "inconsistent locking",
            RaceKind::WriteUnderReadLock => "write under a read lock",
            RaceKind::MixedAtomic => "mixed atomic and plain access",
        };
        let msg = format!(
            "{what} on `{}`: {} here, {} at {}; they run in {} and in {}",
            r.target,
            first,
            second,
            location(cx, r.second.access.file, r.second.access.span),
            thread(cx, r.first.thread),
            thread(cx, r.second.thread),
        );
        let span = r.first.access.span;
        let same_file = r.second.access.file as usize == cx.file_index;
        let d = cx.report(span, msg);
        if same_file && r.second.access.span != span {
            d.with_label_mut(r.second.access.span.start, r.second.access.span.end, format!("{second} here"));
        }
        d.help = Some(help.to_string());
        let spawns: Vec<_> = [r.first.thread, r.second.thread]
            .into_iter()
            .filter_map(|t| match t {
                Thread::Go(i) => Some(i),
                Thread::Api(_) => None,
            })
            .collect();
        for i in spawns {
            let s = &cx.package.races().spawns[i];
            if s.file as usize == cx.file_index {
                let (a, b) = (s.span.start, s.span.end);
                cx.diagnostics.last_mut().unwrap().with_label_mut(a, b, "goroutine started here");
            }
        }
    }
}

fn describe_access(report: &RaceReport, a: &Access, mention_atomic: bool) -> String {
    let verb = match (a.write, a.elem) {
        (true, false) => "written",
        (false, false) => "read",
        (true, true) => "element written",
        (false, true) => "element read",
    };
    let how = if mention_atomic {
        if a.atomic {
            " with sync/atomic"
        } else {
            " plainly"
        }
    } else {
        ""
    };
    format!("{verb}{how} {}", locks(report.locks(a)))
}

pub(crate) fn locks(held: &[Held]) -> String {
    if held.is_empty() {
        return "holding no lock".into();
    }
    let names: Vec<String> =
        held.iter().map(|h| if h.read { format!("`{}` (read)", h.name) } else { format!("`{}`", h.name) }).collect();
    format!("holding {}", names.join(", "))
}

/// `file.go:LINE` of an access of the package.
pub(crate) fn location(cx: &Checker, file: u32, span: gotraps_syntax::Span) -> String {
    let Some(sf) = cx.package.files.get(file as usize) else { return "?".into() };
    let name = std::path::Path::new(&sf.path).file_name().map_or(sf.path.clone(), |n| n.to_string_lossy().into_owned());
    format!("{name}:{}", sf.lines.line_col(span.start).0)
}

pub(crate) fn thread(cx: &Checker, t: Thread) -> String {
    match t {
        Thread::Go(i) => {
            let s = &cx.package.races().spawns[i];
            let many = if s.in_loop { "goroutines" } else { "the goroutine" };
            format!("{many} started at {}", location(cx, s.file, s.span))
        }
        Thread::Api(node) => format!("callers of `{}`", func_name(cx, node)),
    }
}

fn func_name(cx: &Checker, node: gotraps_semantic::FuncNode) -> String {
    let gotraps_semantic::FuncNode::Func(obj) = node else { return "a function literal".into() };
    let Some(model) = cx.package.model else { return "?".into() };
    let name = model.prog.obj_name(obj).to_string();
    let Some((fi, fd)) = cx.package.decl_of(obj) else { return name };
    let file = &cx.package.files[fi].ast;
    match fd.recv.as_ref().and_then(|r| r.list.first()) {
        Some(field) => {
            let recv = file.text(file.expr(field.typ).span);
            let recv = if recv.starts_with('*') { format!("({recv})") } else { recv.to_string() };
            format!("{recv}.{name}")
        }
        None => name,
    }
}
