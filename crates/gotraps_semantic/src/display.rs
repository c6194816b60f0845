//! Type strings in the canonical form shared with the go/types oracle
//! (`tools/gotypesdump`): aliases unfolded, `byte`/`rune` as `uint8`/`int32`, packages by
//! full import path, no parameter names, struct tags dropped, interface methods sorted.

use crate::objects::PkgId;
use crate::program::Program;
use crate::types::{TypeData, TypeId};
use gotraps_syntax::ast::ChanDir;

impl Program {
    /// The canonical string of a type, e.g. `*sync.Mutex`, `<-chan net/http.Request`.
    pub fn type_string(&self, t: TypeId) -> String {
        let mut s = String::new();
        self.write_type(&mut s, t, 0);
        s
    }

    fn write_type(&self, b: &mut String, t: TypeId, depth: u32) {
        if depth > 40 {
            b.push_str("...");
            return;
        }
        let d = depth + 1;
        match self.types.get(t) {
            TypeData::Basic(k) => b.push_str(k.name()),
            TypeData::Pointer(el) => {
                b.push('*');
                self.write_type(b, *el, d);
            }
            TypeData::Slice(el) => {
                b.push_str("[]");
                self.write_type(b, *el, d);
            }
            TypeData::Array(len, el) => {
                match len {
                    Some(n) => b.push_str(&format!("[{n}]")),
                    None => b.push_str("[?]"),
                }
                self.write_type(b, *el, d);
            }
            TypeData::Map(k, v) => {
                b.push_str("map[");
                self.write_type(b, *k, d);
                b.push(']');
                self.write_type(b, *v, d);
            }
            TypeData::Chan(dir, el) => {
                match dir {
                    ChanDir::Both => {
                        b.push_str("chan ");
                        if let TypeData::Chan(ChanDir::Recv, _) = self.types.get(*el) {
                            b.push('(');
                            self.write_type(b, *el, d);
                            b.push(')');
                            return;
                        }
                    }
                    ChanDir::Send => b.push_str("chan<- "),
                    ChanDir::Recv => b.push_str("<-chan "),
                }
                self.write_type(b, *el, d);
            }
            TypeData::Signature(_) => {
                b.push_str("func");
                self.write_signature(b, t, d);
            }
            TypeData::Tuple(ts) => self.write_list(b, ts, false, d),
            TypeData::Struct(st) => {
                b.push_str("struct{");
                for (i, &f) in st.fields.iter().enumerate() {
                    if i > 0 {
                        b.push_str("; ");
                    }
                    if !self.obj(f).is_embedded() {
                        b.push_str(self.obj_name(f));
                        b.push(' ');
                    }
                    self.write_type(b, self.obj_type(f), d);
                }
                b.push('}');
            }
            TypeData::Interface(_) => {
                let mut ms: Vec<String> = crate::lookup::interface_methods(self, t)
                    .iter()
                    .map(|&m| {
                        let mut s = self.obj_name(m).to_owned();
                        self.write_signature(&mut s, self.obj_type(m), d);
                        s
                    })
                    .collect();
                ms.sort();
                if self.has_terms(t, 0) {
                    ms.push("~terms".into());
                }
                b.push_str("interface{");
                b.push_str(&ms.join("; "));
                b.push('}');
            }
            TypeData::Named(n) => {
                let o = self.obj(n.obj);
                if o.pkg != PkgId::UNIVERSE {
                    if let Some(p) = self.package(o.pkg) {
                        b.push_str(&p.path);
                        b.push('.');
                    }
                }
                b.push_str(self.obj_name(n.obj));
                if !n.type_args.is_empty() {
                    b.push('[');
                    for (i, &a) in n.type_args.iter().enumerate() {
                        if i > 0 {
                            b.push_str(", ");
                        }
                        self.write_type(b, a, d);
                    }
                    b.push(']');
                }
            }
            TypeData::TypeParam(tp) => b.push_str(self.obj_name(tp.obj)),
        }
    }

    fn has_terms(&self, t: TypeId, depth: u32) -> bool {
        if depth > 16 {
            return false;
        }
        match self.types.get(self.underlying(t)) {
            TypeData::Interface(it) => it.has_terms || it.embeds.iter().any(|&e| self.has_terms(e, depth + 1)),
            _ => false,
        }
    }

    fn write_signature(&self, b: &mut String, t: TypeId, d: u32) {
        let TypeData::Signature(s) = self.types.get(t) else {
            b.push_str("()");
            return;
        };
        if !s.type_params.is_empty() {
            b.push('[');
            for (i, &tp) in s.type_params.iter().enumerate() {
                if i > 0 {
                    b.push_str(", ");
                }
                self.write_type(b, tp, d);
            }
            b.push(']');
        }
        self.write_list(b, &s.params, s.variadic, d);
        match s.results.len() {
            0 => {}
            1 => {
                b.push(' ');
                self.write_type(b, s.results[0], d);
            }
            _ => {
                b.push(' ');
                self.write_list(b, &s.results, false, d);
            }
        }
    }

    fn write_list(&self, b: &mut String, ts: &[TypeId], variadic: bool, d: u32) {
        b.push('(');
        for (i, &t) in ts.iter().enumerate() {
            if i > 0 {
                b.push_str(", ");
            }
            if variadic && i + 1 == ts.len() {
                b.push_str("...");
                if let TypeData::Slice(el) = self.types.get(t) {
                    self.write_type(b, *el, d);
                    continue;
                }
            }
            self.write_type(b, t, d);
        }
        b.push(')');
    }
}
