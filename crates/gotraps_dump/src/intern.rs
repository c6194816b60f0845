//! Interning of strings (function names, files, wait reasons, labels) and frames, so that a
//! dump of a million goroutines costs memory per distinct frame, not per goroutine.

use rustc_hash::FxHashMap;

/// Index of an interned string.
pub type StrId = u32;
/// Index of an interned frame.
pub type FrameId = u32;

/// Byte-string interner: each distinct string is stored once.
#[derive(Default, Debug)]
pub struct Interner {
    map: FxHashMap<Box<[u8]>, StrId>,
    strings: Vec<Box<str>>,
}

impl Interner {
    /// Interns `bytes` (invalid UTF-8 is replaced) and returns its id.
    pub fn intern(&mut self, bytes: &[u8]) -> StrId {
        if let Some(&id) = self.map.get(bytes) {
            return id;
        }
        let id = self.strings.len() as StrId;
        self.strings.push(String::from_utf8_lossy(bytes).into_owned().into_boxed_str());
        self.map.insert(bytes.into(), id);
        id
    }

    pub fn get(&self, id: StrId) -> &str {
        &self.strings[id as usize]
    }

    pub fn len(&self) -> usize {
        self.strings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }
}

/// One stack frame: function, file and line, all interned. Arguments and PC offsets are
/// deliberately not part of a frame: they differ between goroutines with the same stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Frame {
    pub func: StrId,
    pub file: StrId,
    pub line: u32,
}

/// Frame interner plus the string interner frames point into.
#[derive(Default, Debug)]
pub struct Tables {
    pub strings: Interner,
    frames: Vec<Frame>,
    frame_map: FxHashMap<Frame, FrameId>,
    /// Hash of (function line, `file:line` text) → frame: one lookup per traceback frame.
    cache: FxHashMap<u64, FrameId>,
}

impl Tables {
    pub fn frame(&mut self, func: &[u8], file: &[u8], line: u32) -> FrameId {
        let f = Frame { func: self.strings.intern(func), file: self.strings.intern(file), line };
        self.frame_id(f)
    }

    /// Like [`Tables::frame`], memoized on the raw text: `core` is the location text that
    /// identifies the frame (`/path/file.go:123`). A hit is verified, so collisions are safe.
    pub fn frame_cached(&mut self, func: &[u8], core: &[u8], file: &[u8], line: u32) -> FrameId {
        use std::hash::{BuildHasher, Hasher};
        let mut h = rustc_hash::FxBuildHasher.build_hasher();
        h.write(func);
        h.write_u8(0xff);
        h.write(core);
        let key = h.finish();
        if let Some(&id) = self.cache.get(&key) {
            let f = self.frames[id as usize];
            if f.line == line
                && self.strings.get(f.func).as_bytes() == func
                && self.strings.get(f.file).as_bytes() == file
            {
                return id;
            }
        }
        let id = self.frame(func, file, line);
        self.cache.insert(key, id);
        id
    }

    pub fn frame_id(&mut self, f: Frame) -> FrameId {
        if let Some(&id) = self.frame_map.get(&f) {
            return id;
        }
        let id = self.frames.len() as FrameId;
        self.frames.push(f);
        self.frame_map.insert(f, id);
        id
    }

    pub fn get(&self, id: FrameId) -> Frame {
        self.frames[id as usize]
    }

    pub fn func(&self, id: FrameId) -> &str {
        self.strings.get(self.frames[id as usize].func)
    }

    pub fn file(&self, id: FrameId) -> &str {
        self.strings.get(self.frames[id as usize].file)
    }

    pub fn line(&self, id: FrameId) -> u32 {
        self.frames[id as usize].line
    }

    /// `file:line` of a frame.
    pub fn site(&self, id: FrameId) -> String {
        format!("{}:{}", self.file(id), self.line(id))
    }

    pub fn frame_count(&self) -> usize {
        self.frames.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_is_stable() {
        let mut t = Tables::default();
        let a = t.frame(b"main.f", b"/x/main.go", 3);
        let b = t.frame(b"main.g", b"/x/main.go", 3);
        let c = t.frame(b"main.f", b"/x/main.go", 3);
        assert_eq!(a, c);
        assert_ne!(a, b);
        assert_eq!(t.site(b), "/x/main.go:3");
        assert_eq!(t.strings.len(), 3);
    }
}
