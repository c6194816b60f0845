//! Line grammar of the aggregated `debug=1` goroutine profile
//! (`runtime/pprof.printCountProfile`): `N @ 0x.. 0x..`, `# labels: {...}`, `#\t0x..\tfunc+0x..\tfile:line`.

/// `goroutine profile: total N` (or `goroutineleak profile: ...`) → (profile name, N).
pub fn header(line: &[u8]) -> Option<(&[u8], u64)> {
    let i = memchr::memmem::find(line, b" profile: total ")?;
    let name = &line[..i];
    if name.is_empty() || name.contains(&b' ') {
        return None;
    }
    Some((name, parse_u64(&line[i + 16..])?))
}

/// `N @ 0xpc 0xpc ...` → (N, number of PCs).
pub fn record_start(line: &[u8]) -> Option<(u64, usize)> {
    let at = memchr::memmem::find(line, b" @ ")?;
    let count = parse_u64(&line[..at])?;
    let pcs = line[at + 3..].split(|&b| b == b' ').filter(|w| w.starts_with(b"0x")).count();
    Some((count, pcs))
}

/// A frame line. Returns (function, file, line); unsymbolized PCs give (pc, "", 0).
pub fn frame(line: &[u8]) -> Option<(&[u8], &[u8], u32)> {
    let rest = line.strip_prefix(b"#\t")?;
    let mut fields = rest.split(|&b| b == b'\t').filter(|f| !f.is_empty());
    let pc = fields.next()?;
    let Some(func) = fields.next() else {
        return Some((pc, b"", 0));
    };
    let func = match memchr::memmem::rfind(func, b"+0x") {
        Some(i) => &func[..i],
        None => func,
    };
    let loc = fields.next().unwrap_or(b"");
    let (file, line) = split_file_line(loc);
    Some((func, file, line))
}

/// `# labels: {"k":"v", "k2":"v2"}` → canonical `k\x1ev\x1fk2\x1ev2` into `out` (keys sorted
/// by the runtime already; %q escapes undone for `\"` and `\\`).
pub fn labels(line: &[u8], out: &mut Vec<u8>) -> bool {
    let Some(rest) = line.strip_prefix(b"# labels: ") else {
        return false;
    };
    out.clear();
    let mut strings: Vec<Vec<u8>> = Vec::new();
    let mut i = 0;
    while i < rest.len() {
        if rest[i] == b'"' {
            let mut s = Vec::new();
            i += 1;
            while i < rest.len() && rest[i] != b'"' {
                if rest[i] == b'\\' && i + 1 < rest.len() {
                    i += 1;
                }
                s.push(rest[i]);
                i += 1;
            }
            strings.push(s);
        }
        i += 1;
    }
    for (n, pair) in strings.chunks(2).enumerate() {
        if n > 0 {
            out.push(0x1f);
        }
        out.extend_from_slice(&pair[0]);
        out.push(0x1e);
        if let Some(v) = pair.get(1) {
            out.extend_from_slice(v);
        }
    }
    true
}

/// `path/file.go:123` → (path, 123); no line → (all, 0).
pub fn split_file_line(loc: &[u8]) -> (&[u8], u32) {
    match memchr::memrchr(b':', loc) {
        Some(i) => match parse_u64(&loc[i + 1..]) {
            Some(n) => (&loc[..i], n.min(u32::MAX as u64) as u32),
            None => (loc, 0),
        },
        None => (loc, 0),
    }
}

/// Decimal digits (all of `s`, no sign); `None` if empty, non-digit or overflowing.
pub fn parse_u64(s: &[u8]) -> Option<u64> {
    if s.is_empty() || s.len() > 19 {
        return None;
    }
    let mut n: u64 = 0;
    for &b in s {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n * 10 + (b - b'0') as u64;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grammar() {
        assert_eq!(header(b"goroutine profile: total 9"), Some((&b"goroutine"[..], 9)));
        assert_eq!(header(b"goroutineleak profile: total 3"), Some((&b"goroutineleak"[..], 3)));
        assert_eq!(record_start(b"5 @ 0x489b0e 0x4195bc 0x491261"), Some((5, 3)));
        let f = frame(b"#\t0x6ac915\tmain.f.func1+0x35\t\t/w/x.go:71").unwrap();
        assert_eq!(f, (&b"main.f.func1"[..], &b"/w/x.go"[..], 71));
        assert_eq!(frame(b"#\t0x6ac915"), Some((&b"0x6ac915"[..], &b""[..], 0)));
        let mut out = Vec::new();
        assert!(labels(br#"# labels: {"handler":"export", "tenant":"t\"42"}"#, &mut out));
        assert_eq!(out, b"handler\x1eexport\x1ftenant\x1et\"42");
    }
}
