//! A small hand-written decoder for the gzipped pprof protobuf goroutine profile (`debug=0`,
//! `runtime/pprof/proto.go`): only the messages and fields Go's writer emits. The profile
//! holds one sample per distinct stack and label set, so decoding it whole is proportional
//! to the number of distinct stacks.

use crate::intern::FrameId;
use crate::snapshot::{Format, Record, Snapshot};
use rustc_hash::FxHashMap;
use std::io::Read;

/// Upper bound on the decompressed profile; beyond it the rest is dropped with a warning.
const MAX_DECOMPRESSED: u64 = 1 << 30;

/// Protobuf wire reader over a byte slice. Every method fails softly with `None`.
struct Wire<'a> {
    b: &'a [u8],
}

enum Value<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
    Skip,
}

impl<'a> Wire<'a> {
    fn varint(&mut self) -> Option<u64> {
        let mut v: u64 = 0;
        for i in 0..10 {
            let (&byte, rest) = self.b.split_first()?;
            self.b = rest;
            v |= ((byte & 0x7f) as u64) << (7 * i);
            if byte < 0x80 {
                return Some(v);
            }
        }
        None
    }

    /// Next (field number, value), `None` at the end or on malformed input.
    fn field(&mut self) -> Option<(u64, Value<'a>)> {
        if self.b.is_empty() {
            return None;
        }
        let key = self.varint()?;
        let v = match key & 7 {
            0 => Value::Varint(self.varint()?),
            1 => {
                self.b = self.b.get(8..)?;
                Value::Skip
            }
            2 => {
                let len = usize::try_from(self.varint()?).ok()?;
                if len > self.b.len() {
                    return None;
                }
                let (x, rest) = self.b.split_at(len);
                self.b = rest;
                Value::Bytes(x)
            }
            5 => {
                self.b = self.b.get(4..)?;
                Value::Skip
            }
            _ => return None,
        };
        Some((key >> 3, v))
    }
}

/// Appends a repeated uint64 field value, packed or not.
fn push_u64s(v: Value, out: &mut Vec<u64>) {
    match v {
        Value::Varint(x) => out.push(x),
        Value::Bytes(b) => {
            let mut w = Wire { b };
            while !w.b.is_empty() {
                match w.varint() {
                    Some(x) => out.push(x),
                    None => break,
                }
            }
        }
        Value::Skip => {}
    }
}

struct Sample {
    locs: Vec<u64>,
    value: i64,
    labels: Vec<(u64, u64)>,
}

#[derive(Default)]
struct Function {
    name: u64,
    file: u64,
}

/// Whether `head`, the first bytes of an input (all of it when `complete`), reads as an
/// uncompressed `Profile` message: every field a `Profile` field of the right wire type, at
/// least three of them (or the whole input), and some bytes that text never has. Go's writer
/// starts with field 11 (`period_type`) or 1, so the first byte alone cannot tell.
pub fn plausible_profile(head: &[u8], complete: bool) -> bool {
    let binary = head.iter().take(512).filter(|&&b| b < 0x09 || (0x0e..0x20).contains(&b)).count();
    if head.len() < 2 || binary < 2 {
        return false;
    }
    let mut w = Wire { b: head };
    let mut fields = 0;
    while !w.b.is_empty() {
        let before = w.b.len();
        match w.field() {
            Some((num, v)) => {
                let ok = match (num, &v) {
                    (1..=6 | 11, Value::Bytes(_)) => true,
                    (7..=10 | 12 | 14, Value::Varint(_)) => true,
                    (13, Value::Bytes(_) | Value::Varint(_)) => true,
                    _ => false,
                };
                if !ok {
                    return false;
                }
                fields += 1;
            }
            // A field cut at the end of a partial head is fine; a malformed one is not.
            None => return !complete && fields >= 2 && before > 0,
        }
    }
    fields >= 3 || (complete && fields >= 1)
}

/// Decompresses (when gzipped) and decodes a goroutine profile into `snap`.
pub fn parse<R: Read>(r: R, prefix: Vec<u8>, snap: &mut Snapshot) {
    let mut raw = Vec::new();
    let mut chained = std::io::Cursor::new(prefix).chain(r);
    let gz = {
        let mut head = [0u8; 2];
        let n = chained.read(&mut head).unwrap_or(0);
        let cursor = std::io::Cursor::new(head[..n].to_vec());
        let all = cursor.chain(chained);
        let is_gz = n == 2 && head == [0x1f, 0x8b];
        if is_gz {
            let mut dec = flate2::read::MultiGzDecoder::new(all).take(MAX_DECOMPRESSED);
            if let Err(e) = dec.read_to_end(&mut raw) {
                snap.warn(0, format!("gzip stream damaged after {} bytes: {e}; decoding what was read", raw.len()));
            }
        } else {
            let mut all = all.take(MAX_DECOMPRESSED);
            if let Err(e) = all.read_to_end(&mut raw) {
                snap.warn(0, format!("read error: {e}"));
            }
        }
        is_gz
    };
    if raw.len() as u64 >= MAX_DECOMPRESSED {
        snap.warn(0, "profile larger than 1 GiB decompressed: the rest is ignored");
    }
    snap.bytes += raw.len() as u64;
    snap.saw(Format::Pprof);
    decode(&raw, snap, gz);
}

fn decode(raw: &[u8], snap: &mut Snapshot, gz: bool) {
    let mut samples: Vec<Sample> = Vec::new();
    let mut strings: Vec<&[u8]> = Vec::new();
    let mut functions: FxHashMap<u64, Function> = FxHashMap::default();
    // location id → (function id, line) pairs, leaf (inlined callee) first
    let mut locations: FxHashMap<u64, Vec<(u64, u32)>> = FxHashMap::default();
    let mut period_type: Option<(u64, u64)> = None;
    let mut w = Wire { b: raw };
    let complete;
    loop {
        let Some((num, v)) = w.field() else {
            complete = w.b.is_empty();
            break;
        };
        match (num, v) {
            (2, Value::Bytes(b)) => {
                let mut s = Sample { locs: Vec::new(), value: 1, labels: Vec::new() };
                let mut m = Wire { b };
                while let Some((n, v)) = m.field() {
                    match (n, v) {
                        (1, v) => push_u64s(v, &mut s.locs),
                        (2, v) => {
                            let mut vals = Vec::new();
                            push_u64s(v, &mut vals);
                            if let Some(&x) = vals.first() {
                                s.value = x as i64;
                            }
                        }
                        (3, Value::Bytes(lb)) => {
                            let (mut k, mut sv) = (0, 0);
                            let mut l = Wire { b: lb };
                            while let Some((n, v)) = l.field() {
                                match (n, v) {
                                    (1, Value::Varint(x)) => k = x,
                                    (2, Value::Varint(x)) => sv = x,
                                    _ => {}
                                }
                            }
                            s.labels.push((k, sv));
                        }
                        _ => {}
                    }
                }
                samples.push(s);
            }
            (4, Value::Bytes(b)) => {
                let mut id = 0;
                let mut lines = Vec::new();
                let mut m = Wire { b };
                while let Some((n, v)) = m.field() {
                    match (n, v) {
                        (1, Value::Varint(x)) => id = x,
                        (4, Value::Bytes(lb)) => {
                            let (mut f, mut line) = (0, 0u32);
                            let mut l = Wire { b: lb };
                            while let Some((n, v)) = l.field() {
                                match (n, v) {
                                    (1, Value::Varint(x)) => f = x,
                                    (2, Value::Varint(x)) => line = x.min(u32::MAX as u64) as u32,
                                    _ => {}
                                }
                            }
                            lines.push((f, line));
                        }
                        _ => {}
                    }
                }
                locations.insert(id, lines);
            }
            (5, Value::Bytes(b)) => {
                let mut id = 0;
                let mut f = Function::default();
                let mut m = Wire { b };
                while let Some((n, v)) = m.field() {
                    match (n, v) {
                        (1, Value::Varint(x)) => id = x,
                        (2, Value::Varint(x)) => f.name = x,
                        (4, Value::Varint(x)) => f.file = x,
                        _ => {}
                    }
                }
                functions.insert(id, f);
            }
            (6, Value::Bytes(b)) => strings.push(b),
            (11, Value::Bytes(b)) => {
                let mut m = Wire { b };
                let (mut t, mut u) = (0, 0);
                while let Some((n, v)) = m.field() {
                    match (n, v) {
                        (1, Value::Varint(x)) => t = x,
                        (2, Value::Varint(x)) => u = x,
                        _ => {}
                    }
                }
                period_type = Some((t, u));
            }
            _ => {}
        }
    }
    if !complete {
        snap.warn(
            0,
            format!("protobuf malformed or truncated at byte {}: decoding what was read", raw.len() - w.b.len()),
        );
    }
    if samples.is_empty() && !gz {
        snap.warn(0, "input is neither a text dump nor a pprof profile: nothing parsed");
        return;
    }
    let st = |i: u64| -> &[u8] { strings.get(i as usize).copied().unwrap_or(b"") };
    if let Some((t, _)) = period_type {
        let name = String::from_utf8_lossy(st(t)).into_owned();
        if !name.is_empty() {
            snap.profile = Some(name);
        }
    }
    // Resolve each location once into frame ids.
    let mut loc_frames: FxHashMap<u64, Vec<FrameId>> = FxHashMap::default();
    for (&id, lines) in &locations {
        let v = lines
            .iter()
            .map(|&(f, line)| {
                let func = functions.get(&f);
                let name = func.map_or(&b"?"[..], |f| st(f.name));
                let file = func.map_or(&b""[..], |f| st(f.file));
                snap.tables.frame(name, file, line)
            })
            .collect();
        loc_frames.insert(id, v);
    }
    let mut rec = Record::default();
    let mut label_buf: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    let mut canon = Vec::new();
    let mut missing = 0u64;
    for s in &samples {
        rec.clear();
        rec.count = s.value.max(0) as u64;
        for l in &s.locs {
            match loc_frames.get(l) {
                Some(fs) => rec.frames.extend_from_slice(fs),
                None => missing += 1,
            }
        }
        // goexit is always the outermost frame of a goroutine stack: drop it like the text formats.
        if rec.frames.last().is_some_and(|&f| snap.tables.func(f) == "runtime.goexit") {
            rec.frames.pop();
        }
        if !s.labels.is_empty() {
            label_buf.clear();
            label_buf.extend(s.labels.iter().map(|&(k, v)| (st(k).to_vec(), st(v).to_vec())));
            label_buf.sort();
            canon.clear();
            for (i, (k, v)) in label_buf.iter().enumerate() {
                if i > 0 {
                    canon.push(0x1f);
                }
                canon.extend_from_slice(k);
                canon.push(0x1e);
                canon.extend_from_slice(v);
            }
            rec.labels = Some(snap.tables.strings.intern(&canon));
        }
        snap.add(&rec);
    }
    if missing > 0 {
        snap.warn(0, format!("{missing} sample locations not defined in the profile"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::Similarity;

    fn varint(mut v: u64, out: &mut Vec<u8>) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                out.push(b);
                return;
            }
            out.push(b | 0x80);
        }
    }
    fn field(n: u64, body: &[u8], out: &mut Vec<u8>) {
        varint(n << 3 | 2, out);
        varint(body.len() as u64, out);
        out.extend_from_slice(body);
    }
    fn vfield(n: u64, v: u64, out: &mut Vec<u8>) {
        varint(n << 3, out);
        varint(v, out);
    }

    #[test]
    fn decodes_minimal_profile_and_survives_truncation() {
        let mut p = Vec::new();
        let mut sample = Vec::new();
        field(1, &[1, 2], &mut sample); // packed location ids
        field(2, &[7], &mut sample); // value 7
        field(2, &sample.clone(), &mut p);
        for (id, f, line) in [(1u64, 1u64, 10u64), (2, 2, 20)] {
            let mut l = Vec::new();
            vfield(1, f, &mut l);
            vfield(2, line, &mut l);
            let mut loc = Vec::new();
            vfield(1, id, &mut loc);
            field(4, &l, &mut loc);
            field(4, &loc, &mut p);
            let mut func = Vec::new();
            vfield(1, f, &mut func);
            vfield(2, f, &mut func);
            vfield(4, 3, &mut func);
            field(5, &func, &mut p);
        }
        for s in ["", "main.leaf", "main.main", "/m/main.go"] {
            field(6, s.as_bytes(), &mut p);
        }
        let mut snap = Snapshot::new(Similarity::Exact);
        decode(&p, &mut snap, false);
        assert_eq!(snap.total, 7);
        let b = &snap.buckets[0];
        assert_eq!(snap.tables.func(b.frames[0]), "main.leaf");
        assert_eq!(snap.tables.site(b.frames[1]), "/m/main.go:20");
        assert!(snap.warnings.is_empty());
        for cut in 0..p.len() {
            let mut snap = Snapshot::new(Similarity::Exact);
            decode(&p[..cut], &mut snap, false);
        }
    }
}
