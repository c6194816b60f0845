//! Sizes and alignments as the gc compiler lays types out (for `unsafe.Sizeof`,
//! `Alignof` and `Offsetof` in constant expressions such as padding array lengths).

use crate::program::Program;
use crate::types::{BasicKind, TypeData, TypeId};

impl Program {
    pub(crate) fn word_size(&self) -> u64 {
        match self.ctx.goarch.as_str() {
            "386" | "arm" | "mips" | "mipsle" => 4,
            _ => 8,
        }
    }

    /// (size, alignment) of `t`, `None` when unknown.
    pub fn size_align(&self, t: TypeId) -> Option<(u64, u64)> {
        self.size_align_depth(t, 0)
    }

    fn size_align_depth(&self, t: TypeId, depth: u32) -> Option<(u64, u64)> {
        if depth > 32 {
            return None;
        }
        let w = self.word_size();
        let u = self.underlying(t);
        Some(match self.types.get(u) {
            TypeData::Basic(k) => {
                use BasicKind::*;
                match k {
                    Bool | Int8 | Uint8 => (1, 1),
                    Int16 | Uint16 => (2, 2),
                    Int32 | Uint32 | Float32 => (4, 4),
                    Int64 | Uint64 | Float64 => (8, w.min(8)),
                    Complex64 => (8, 4),
                    Complex128 => (16, w.min(8)),
                    Int | Uint | Uintptr | UnsafePointer => (w, w),
                    String => (2 * w, w),
                    _ => return None,
                }
            }
            TypeData::Pointer(_) | TypeData::Map(..) | TypeData::Chan(..) | TypeData::Signature(_) => (w, w),
            TypeData::Slice(_) => (3 * w, w),
            TypeData::Interface(_) => (2 * w, w),
            TypeData::Array(n, el) => {
                let (s, a) = self.size_align_depth(*el, depth + 1)?;
                (s.checked_mul((*n)?)?, a)
            }
            TypeData::Struct(st) => {
                let mut off = 0u64;
                let mut align = 1u64;
                let mut last_size = 0u64;
                for &f in st.fields.iter() {
                    let (s, a) = self.size_align_depth(self.obj_type(f), depth + 1)?;
                    off = off.div_ceil(a) * a;
                    off += s;
                    align = align.max(a);
                    last_size = s;
                }
                // gc: the last field of a non-zero-sized struct may not have size 0.
                if off > 0 && last_size == 0 {
                    off += 1;
                }
                (off.div_ceil(align) * align, align)
            }
            _ => return None,
        })
    }

    /// Offset of a struct's `index`-th field.
    pub(crate) fn field_offset(&self, st: TypeId, index: usize) -> Option<u64> {
        let TypeData::Struct(s) = self.types.get(self.underlying(st)) else { return None };
        let mut off = 0u64;
        for (i, &f) in s.fields.iter().enumerate() {
            let (sz, a) = self.size_align(self.obj_type(f))?;
            off = off.div_ceil(a) * a;
            if i == index {
                return Some(off);
            }
            off += sz;
        }
        None
    }
}
