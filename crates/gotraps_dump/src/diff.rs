//! Two snapshots of the same process compared (D03): buckets that grew, appeared, shrank or
//! vanished. Buckets are matched by a textual signature (wait reason, labels, frames as
//! `func file:line`, creation site), so the two snapshots may come from different formats of
//! the same binary only when their frames agree (use the same format for both).

use crate::snapshot::{Bucket, Snapshot};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct DiffEntry {
    /// `grew`, `appeared`, `shrank` or `vanished`.
    pub change: &'static str,
    pub before: u64,
    pub after: u64,
    pub delta: i64,
    pub wait_reason: String,
    /// First user frame (or leaf frame) as `path:line`.
    pub site: Option<String>,
    pub function: Option<String>,
    pub created_by: Option<String>,
}

#[derive(Serialize, Clone, Debug)]
pub struct Diff {
    pub schema_version: u32,
    pub before_total: u64,
    pub after_total: u64,
    /// Largest growth first; `unchanged` buckets are counted, not listed.
    pub changes: Vec<DiffEntry>,
    pub unchanged: usize,
}

struct Side {
    count: u64,
    reason: String,
    site: Option<String>,
    function: Option<String>,
    created_by: Option<String>,
}

fn index(s: &Snapshot) -> BTreeMap<String, Side> {
    let c = crate::classify::Classifier::new(&s.tables);
    let t = &s.tables;
    let mut m: BTreeMap<String, Side> = BTreeMap::new();
    for b in &s.buckets {
        let info = crate::classify::bucket_info(s, &c, b);
        let key = signature(s, b, &info.reason);
        let site = info.user_site.or_else(|| b.frames.first().copied());
        let e = m.entry(key).or_insert_with(|| Side {
            count: 0,
            reason: info.reason.clone(),
            site: site.map(|f| t.site(f)),
            function: site.map(|f| t.func(f).to_string()),
            created_by: b.created_by.map(|f| t.site(f)),
        });
        e.count += b.count;
    }
    m
}

fn signature(s: &Snapshot, b: &Bucket, reason: &str) -> String {
    let t = &s.tables;
    let mut k = String::with_capacity(256);
    k.push_str(reason);
    k.push('|');
    k.push_str(s.labels_str(b).unwrap_or(""));
    for &f in b.frames.iter() {
        // Runtime frames are hidden in some formats and shown in others: ignore them.
        if t.func(f).starts_with("runtime.") {
            continue;
        }
        k.push('|');
        k.push_str(t.func(f));
        k.push(' ');
        k.push_str(&t.site(f));
    }
    if let Some(c) = b.created_by {
        k.push_str("|created by ");
        k.push_str(&t.site(c));
    }
    k
}

pub fn diff(before: &Snapshot, after: &Snapshot) -> Diff {
    let a = index(before);
    let b = index(after);
    let mut changes = Vec::new();
    let mut unchanged = 0;
    let entry = |change, x: &Side, before: u64, after: u64| DiffEntry {
        change,
        before,
        after,
        delta: after as i64 - before as i64,
        wait_reason: x.reason.clone(),
        site: x.site.clone(),
        function: x.function.clone(),
        created_by: x.created_by.clone(),
    };
    for (k, y) in &b {
        match a.get(k) {
            None => changes.push(entry("appeared", y, 0, y.count)),
            Some(x) if y.count > x.count => changes.push(entry("grew", y, x.count, y.count)),
            Some(x) if y.count < x.count => changes.push(entry("shrank", y, x.count, y.count)),
            Some(_) => unchanged += 1,
        }
    }
    for (k, x) in &a {
        if !b.contains_key(k) {
            changes.push(entry("vanished", x, x.count, 0));
        }
    }
    changes.sort_by(|p, q| q.delta.cmp(&p.delta).then(p.site.cmp(&q.site)).then(p.wait_reason.cmp(&q.wait_reason)));
    Diff { schema_version: 1, before_total: before.total, after_total: after.total, changes, unchanged }
}

pub fn render_human(d: &Diff) -> String {
    let mut o = format!(
        "goroutines: {} -> {} ({:+})\n",
        d.before_total,
        d.after_total,
        d.after_total as i64 - d.before_total as i64
    );
    for c in &d.changes {
        o.push_str(&format!(
            "  {:<8} {:>6} -> {:<6} ({:+})  {}  {}{}\n",
            c.change,
            c.before,
            c.after,
            c.delta,
            c.site.as_deref().unwrap_or("?"),
            c.wait_reason,
            c.function.as_deref().map(|f| format!("  in {f}")).unwrap_or_default()
        ));
    }
    o.push_str(&format!("  {} buckets unchanged\n", d.unchanged));
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::parse_reader;
    use crate::snapshot::Similarity;

    /// A leaked sender with goroutine ID `id` (IDs must differ: a repeated ID starts a new dump).
    fn g(id: u32) -> String {
        format!("goroutine {id} [chan send]:\nmain.leak()\n\t/m/main.go:10 +0x1\ncreated by main.main in goroutine 1\n\t/m/main.go:20 +0x2\n\n")
    }
    const H: &str = "goroutine 6 [select]:\nmain.poll()\n\t/m/main.go:30 +0x1\n\n";

    #[test]
    fn grew_appeared_vanished() {
        let before = parse_reader(format!("{}{}{H}", g(5), g(7)).as_bytes(), Similarity::Exact);
        let after = parse_reader(format!("{}{}{}{}", g(5), g(7), g(8), g(9)).as_bytes(), Similarity::Exact);
        let d = diff(&before, &after);
        assert_eq!((d.before_total, d.after_total), (3, 4));
        assert_eq!(d.changes.len(), 2);
        assert_eq!((d.changes[0].change, d.changes[0].delta), ("grew", 2));
        assert_eq!(d.changes[0].site.as_deref(), Some("/m/main.go:10"));
        assert_eq!((d.changes[1].change, d.changes[1].before), ("vanished", 1));
        let d = diff(&after, &before);
        assert_eq!(d.changes.iter().map(|c| c.change).collect::<Vec<_>>(), ["appeared", "shrank"]);
    }
}
