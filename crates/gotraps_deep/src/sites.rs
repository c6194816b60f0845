//! Per-line facts for tying a goroutine dump back to source (`gotraps goroutines
//! --source`): at each concurrency operation and call, the locks its function holds there
//! (must-held, from the same walk the deep detectors use), and for a channel operation the
//! operations on the same abstract channel that could complete it.

use crate::facts::{Analysis, Loc, OpKind};
use crate::graph::Graph;
use gotraps_semantic::PackageModel;
use gotraps_syntax::LineIndex;

/// What the analysis knows about one source line of the package.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineFacts {
    /// File index in the package.
    pub file: u32,
    /// 1-based line.
    pub line: u32,
    /// Lock expressions held on every path reaching the line (`s.mu`), innermost last.
    pub held: Vec<String>,
    /// For a channel operation: the operations on the same channel that could complete
    /// it (a receive, range or close for a send; a send or close for a receive), as
    /// (file index, 1-based line, source text of the operation).
    pub partners: Vec<(u32, u32, String)>,
}

/// Line facts of every operation and call of the package that has something to say,
/// sorted by (file, line).
pub fn line_facts(m: &PackageModel<'_>) -> Vec<LineFacts> {
    let a = Analysis::run(Graph::build(m));
    let index: Vec<LineIndex> = m.files().iter().map(|f| LineIndex::new(f.src.as_bytes())).collect();
    let line_of = |l: Loc| index[l.file as usize].line_col(l.span.start).0;
    let mut out: Vec<LineFacts> = Vec::new();
    // Channel operations by abstract channel.
    let mut by_class: rustc_hash::FxHashMap<u32, Vec<(OpKind, Loc)>> = Default::default();
    for f in &a.facts {
        for op in &f.ops {
            if matches!(op.kind, OpKind::Send | OpKind::Recv | OpKind::Range | OpKind::Close) {
                by_class.entry(op.class).or_default().push((op.kind, op.at));
            }
        }
    }
    for f in &a.facts {
        for op in &f.ops {
            let held: Vec<String> = op.held.iter().map(|h| a.text(h.obj).to_string()).collect();
            let partners: Vec<(u32, u32, String)> = match op.kind {
                OpKind::Send | OpKind::Recv | OpKind::Range => by_class
                    .get(&op.class)
                    .into_iter()
                    .flatten()
                    .filter(|(k, _)| match op.kind {
                        // A close does not complete a send: the sender panics.
                        OpKind::Send => matches!(k, OpKind::Recv | OpKind::Range),
                        _ => matches!(k, OpKind::Send | OpKind::Close),
                    })
                    .map(|&(_, at)| (at.file, line_of(at), a.text(at).to_string()))
                    .collect(),
                _ => Vec::new(),
            };
            if !held.is_empty() || !partners.is_empty() {
                out.push(LineFacts { file: op.at.file, line: line_of(op.at), held, partners });
            }
        }
        for c in &f.calls {
            if c.held.is_empty() {
                continue;
            }
            let call = &a.g.calls[c.call];
            let at = Loc { file: call.file, span: m.files()[call.file as usize].expr(call.expr).span };
            let held = c.held.iter().map(|h| a.text(h.obj).to_string()).collect();
            out.push(LineFacts { file: at.file, line: line_of(at), held, partners: Vec::new() });
        }
    }
    out.sort_by(|x, y| (x.file, x.line).cmp(&(y.file, y.line)));
    // Several facts on one line (a call and the operation inside it): keep one, merged.
    out.dedup_by(|later, first| {
        if (later.file, later.line) != (first.file, first.line) {
            return false;
        }
        for h in later.held.drain(..) {
            if !first.held.contains(&h) {
                first.held.push(h);
            }
        }
        for p in later.partners.drain(..) {
            if !first.partners.contains(&p) {
                first.partners.push(p);
            }
        }
        true
    });
    out
}
