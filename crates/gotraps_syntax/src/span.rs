//! Byte spans and line/column mapping.

/// A half-open byte range `[start, end)` into one file's source.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    #[inline]
    pub const fn new(start: u32, end: u32) -> Self {
        Span { start, end }
    }

    /// An empty span at `pos`.
    #[inline]
    pub const fn at(pos: u32) -> Self {
        Span { start: pos, end: pos }
    }

    /// The smallest span covering both.
    #[inline]
    pub fn to(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    #[inline]
    pub fn len(self) -> u32 {
        self.end - self.start
    }

    #[inline]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    #[inline]
    pub fn contains(self, pos: u32) -> bool {
        self.start <= pos && pos < self.end
    }

    #[inline]
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Line starts of one file, for offset -> (line, column) in O(log lines).
///
/// Lines and columns are 1-based; columns count bytes, as go/token does.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    len: u32,
}

impl LineIndex {
    pub fn new(src: &[u8]) -> Self {
        let mut line_starts = Vec::with_capacity(src.len() / 32 + 1);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', src).map(|i| i as u32 + 1));
        LineIndex { line_starts, len: src.len() as u32 }
    }

    /// 1-based line and byte column of `offset` (clamped to the file's end).
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let offset = offset.min(self.len);
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        (line as u32 + 1, offset - self.line_starts[line] + 1)
    }

    /// Byte range of 1-based `line`, without its newline.
    pub fn line_span(&self, line: u32) -> Option<Span> {
        let i = line.checked_sub(1)? as usize;
        let start = *self.line_starts.get(i)?;
        let end = self.line_starts.get(i + 1).map(|&s| s - 1).unwrap_or(self.len);
        Some(Span::new(start, end.max(start)))
    }

    pub fn line_count(&self) -> u32 {
        self.line_starts.len() as u32
    }

    /// Offset of 1-based (line, column), if inside the file.
    pub fn offset(&self, line: u32, col: u32) -> Option<u32> {
        let start = *self.line_starts.get(line.checked_sub(1)? as usize)?;
        let off = start + col.checked_sub(1)?;
        (off <= self.len).then_some(off)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_round_trip() {
        let src = b"package a\n\nfunc f() {\n}\n";
        let idx = LineIndex::new(src);
        assert_eq!(idx.line_col(0), (1, 1));
        assert_eq!(idx.line_col(10), (2, 1));
        assert_eq!(idx.line_col(11), (3, 1));
        assert_eq!(idx.line_col(16), (3, 6));
        assert_eq!(idx.offset(3, 6), Some(16));
        assert_eq!(idx.line_span(3), Some(Span::new(11, 21)));
        assert_eq!(idx.line_col(1000), (5, 1));
    }
}
