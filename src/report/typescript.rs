//! The TypeScript declarations of what the page receives (`www/types/report.d.ts`), generated
//! from the Rust types by ts-rs, which reads their serde attributes: the report, a unit's
//! scores, the labels and the methodology profile. Test builds only (`cfg_attr(test,
//! derive(ts_rs::TS))`): nothing of it is in the wasm.
//!
//! `cargo test` writes the file when the types changed, and fails then, so that a commit whose
//! declarations are stale does not pass: the page's type check (`npm run typecheck`, `tsc
//! --checkJs` over `www/`) reads them.

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::report::labels::Labels;
    use crate::report::scores::UnitScores;
    use crate::report::Report;
    use std::any::TypeId;
    use std::collections::BTreeMap;
    use ts_rs::{Config, TypeVisitor, TS};

    /// Every declared type reachable from the roots, by name (sorted: a stable file).
    struct Declarations {
        cfg: Config,
        seen: Vec<TypeId>,
        decls: BTreeMap<String, String>,
    }

    impl Declarations {
        fn add<T: TS + 'static + ?Sized>(&mut self) {
            if self.seen.contains(&TypeId::of::<T>()) {
                return;
            }
            self.seen.push(TypeId::of::<T>());
            T::visit_dependencies(self);
            T::visit_generics(self);
            // Only the named types (ours) have a declaration; `Vec<T>`, `Option<T>` and the
            // like are walked through above.
            if T::output_path().is_some() {
                let decl = format!(
                    "{}export {}",
                    T::docs().unwrap_or_default(),
                    T::decl(&self.cfg)
                );
                let name = T::ident(&self.cfg);
                // Two Rust types of one name (notice::Block, model::Block): one would hide the
                // other. The later one needs a #[ts(rename)].
                if let Some(before) = self.decls.insert(name.clone(), decl) {
                    assert_eq!(before, self.decls[&name], "two types named {name}");
                }
            }
        }
    }

    impl TypeVisitor for Declarations {
        fn visit<T: TS + 'static + ?Sized>(&mut self) {
            self.add::<T>();
        }
    }

    fn generated() -> String {
        let cfg = Config::new().with_large_int("number");
        let mut d = Declarations {
            cfg,
            seen: Vec::new(),
            decls: BTreeMap::new(),
        };
        d.add::<Report>();
        d.add::<UnitScores>();
        d.add::<Labels>();
        d.add::<Profile>();
        let mut out = String::from(
            "// Generated from the Rust types by `cargo test` (src/report/typescript.rs): do not \
             edit.\n\
             // What the page receives from the wasm: the report, a unit's scores, the labels and\n\
             // the methodology profile, as JSON.\n\n",
        );
        for decl in d.decls.values() {
            out.push_str(decl);
            out.push_str("\n\n");
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }

    #[test]
    fn the_pages_declarations_are_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/types/report.d.ts");
        let want = generated();
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        if have != want {
            std::fs::create_dir_all(path.parent().expect("www/types")).expect("www/types");
            std::fs::write(&path, &want).expect("write www/types/report.d.ts");
            panic!("www/types/report.d.ts was stale and is rewritten: check it and commit it");
        }
    }
}
