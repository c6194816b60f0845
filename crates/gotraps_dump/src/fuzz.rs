//! Fuzz entry points, shared by the cargo-fuzz targets in fuzz/ and by the randomized
//! regression test in tests/robustness.rs.

use crate::snapshot::{Similarity, Snapshot};
use std::io::Write;

fn exercise(s: &Snapshot) {
    let mut opts = crate::Options::default();
    let (r, _) = crate::build(s, "fuzz", &mut opts);
    let _ = serde_json::to_string(&r);
    let _ = crate::human::render(&r, crate::human::Style { color: true, full: true, buckets: 5 });
    let _ = crate::diff::diff(s, s);
}

/// Any bytes through the text path (sniffing included), both similarity modes.
pub fn text(data: &[u8]) {
    for sim in [Similarity::Exact, Similarity::Loose] {
        let mut s = Snapshot::new(sim);
        crate::text::parse(data, Vec::new(), &mut s);
        exercise(&s);
    }
    exercise(&crate::input::parse_reader(data, Similarity::Exact));
}

/// Any bytes through the lenient reader: every dump it finds, and the same bytes behind a
/// log prefix, inside `go test -json` events and gzipped, so the framings see them too.
pub fn lenient(data: &[u8]) {
    for s in crate::input::read_snapshots(data, Similarity::Exact) {
        exercise(&s);
    }
    let mut prefixed = Vec::with_capacity(data.len() * 2);
    let mut json = Vec::with_capacity(data.len() * 2);
    for line in data.split(|&b| b == b'\n') {
        prefixed.extend_from_slice(b"2026-12-06T16:13:53.1Z stderr F ");
        prefixed.extend_from_slice(line);
        prefixed.push(b'\n');
        let out = String::from_utf8_lossy(line).into_owned() + "\n";
        let ev = serde_json::json!({"Action": "output", "Package": "p", "Output": out});
        json.extend_from_slice(ev.to_string().as_bytes());
        json.push(b'\n');
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = gz.write_all(data);
    let gz = gz.finish().unwrap_or_default();
    for input in [&prefixed[..], &json[..], &gz[..]] {
        for s in crate::input::read_snapshots(input, Similarity::Exact) {
            exercise(&s);
        }
    }
}

/// Any bytes as a raw protobuf profile, and the same bytes gzipped.
pub fn pprof(data: &[u8]) {
    let mut s = Snapshot::new(Similarity::Exact);
    crate::proto::parse(data, Vec::new(), &mut s);
    exercise(&s);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = gz.write_all(data);
    if let Ok(z) = gz.finish() {
        let mut s = Snapshot::new(Similarity::Exact);
        crate::proto::parse(&z[..], Vec::new(), &mut s);
        exercise(&s);
        // truncated gzip stream
        let mut s = Snapshot::new(Similarity::Exact);
        crate::proto::parse(&z[..z.len() / 2], Vec::new(), &mut s);
        exercise(&s);
    }
}
