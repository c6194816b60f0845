//! The query API rules use on a checked package.

use crate::check::Record;
use crate::collect::PackageData;
use crate::objects::ObjId;
use crate::program::Program;
use crate::types::TypeId;
use gotraps_syntax::ast::{ExprId, Ident};
use std::sync::Arc;

/// A checked package: what every identifier and expression of its files means.
pub struct PackageModel<'p> {
    pub prog: &'p Program,
    pub pkg: Arc<PackageData>,
    pub rec: Record,
}

impl<'p> PackageModel<'p> {
    /// The object identifier `id` of file `file` (index into the package's files) defines or uses.
    pub fn object_of(&self, file: usize, id: Ident) -> Option<ObjId> {
        self.rec.idents.get(file)?.get(&id.span.start).copied()
    }

    /// The object of the identifier starting at byte `offset` of file `file`.
    pub fn object_at(&self, file: usize, offset: u32) -> Option<ObjId> {
        self.rec.idents.get(file)?.get(&offset).copied()
    }

    /// The type of expression `e` of file `file` (`TypeId::INVALID` when unknown).
    pub fn type_of(&self, file: usize, e: ExprId) -> TypeId {
        self.rec.types.get(file).and_then(|v| v.get(e.index())).copied().unwrap_or(TypeId::INVALID)
    }
}

impl Program {
    /// Checks a package added with [`Program::add_target`] or loaded as an import.
    pub fn check(&self, id: crate::objects::PkgId) -> Option<PackageModel<'_>> {
        let pkg = self.package(id)?.clone();
        let rec = crate::check::check_package(self, id);
        Some(PackageModel { prog: self, pkg, rec })
    }
}
