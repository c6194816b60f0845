//! The threads of the package, as the race pairing sees them, for the detectors that
//! pair other events than field accesses (closes with sends).

use super::{Analysis, Summary, Thread};
use gotraps_semantic::FuncNode;
use rustc_hash::FxHashSet;
use std::rc::Rc;

/// API threads (exported functions, `main`, functions the package never calls) and one
/// thread per spawn callee, with their summaries.
pub(super) fn threads(a: &mut Analysis) -> Vec<(Thread, Rc<Summary>)> {
    let model = a.model;
    let nodes: Vec<FuncNode> =
        model.bodies().iter().filter_map(|b| model.body_node(b)).filter(|n| matches!(n, FuncNode::Func(_))).collect();
    for &n in &nodes {
        a.summary(n);
    }
    let called: FxHashSet<FuncNode> = a.summaries.values().flat_map(|s| s.calls.iter().copied()).collect();
    let mut out = Vec::new();
    for &n in &nodes {
        let FuncNode::Func(obj) = n else { continue };
        let name = model.prog.obj_name(obj);
        if name == "init" || name == "_" {
            continue;
        }
        let exported = name.chars().next().is_some_and(|c| c.is_uppercase()) || name == "main";
        if exported || !called.contains(&n) {
            out.push((Thread::Api(n), a.api_summary(n, &called)));
        }
    }
    for i in 0..a.spawns.len() {
        for c in a.spawns[i].callees.clone() {
            let s = a.summary(c);
            out.push((Thread::Go(i), s));
        }
    }
    out
}
