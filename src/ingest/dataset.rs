//! A set of dossiers being read: the column store with the lookups that fill it (units by name,
//! procedures, the ids seen), the room made for a file's rows, and the dossiers as bytes.
//!
//! Owns [`Dataset`]. The loader holds two, the provincial dossiers and the national portal's
//! (never mixed); a second reader of a file fills one of its own and hands it over as bytes
//! ([`Dataset::into_bytes`], [`Dataset::append`]). Knows nothing of files, formats or headers:
//! rows arrive typed (`rows`), and what a file said of itself stays in its `SourceInfo`.
//!
//! The bytes are a small head (the tables, by `postcard`) followed by the columns' blocks
//! as the store declares them (`model::columns`), read in place.

use super::ids::SeenIds;
use crate::model::columns::{Column, FixedBlock, StrBlock};
use crate::model::{Block, BlockSource, ColumnBlocks, DossierStore, Remap, Unit};
use crate::text::FastMap;
use serde::{Deserialize, Serialize};

/// Dossiers, with what finds a unit, a procedure or an id among them.
#[derive(Default)]
pub struct Dataset {
    pub(super) store: DossierStore,
    /// A unit's name → its index in `store.units`.
    units: FastMap<String, u32>,
    pub(super) seen: SeenIds,
}

/// Where a file's dossiers start in a dataset, to drop them again (Cancel, an error part-way).
#[derive(Clone, Copy, Debug)]
pub(super) struct Mark {
    len: usize,
    personal: usize,
    known: crate::model::Known,
}

impl Mark {
    /// The dossiers before the mark.
    pub(super) fn dossiers(&self) -> usize {
        self.len
    }
}

impl Dataset {
    pub fn store(&self) -> &DossierStore {
        &self.store
    }

    pub fn into_store(self) -> DossierStore {
        self.store
    }

    pub fn is_empty(&self) -> bool {
        self.store.is_empty()
    }

    /// Bytes held, for the memory ceiling.
    pub fn heap_bytes(&self) -> usize {
        self.store.heap_bytes()
    }

    pub(super) fn mark(&self) -> Mark {
        Mark {
            len: self.store.len(),
            personal: self.store.personal.len(),
            known: self.store.known,
        }
    }

    /// The dossiers added since `mark`.
    pub(super) fn since(&self, mark: Mark) -> usize {
        self.store.len() - mark.len
    }

    /// Drops what was added since `mark`: dossiers, their ids, the personal columns made and the
    /// columns made known. `shrink` gives their memory back.
    pub(super) fn back_to(&mut self, mark: Mark, shrink: bool) {
        if self.store.len() > mark.len {
            self.seen.truncate(mark.len);
            self.store.truncate(mark.len);
        }
        self.store.personal.truncate(mark.personal);
        if shrink {
            self.store.shrink();
        }
        self.store.known = mark.known;
    }

    /// The unit's index, creating it on first sight; its block comes from the block column where
    /// the file has one, else from its name (methodology §4).
    pub fn unit(&mut self, name: &str, from_column: Option<Block>, code: &str) -> u32 {
        let index = match self.units.get(name) {
            Some(&i) => i,
            None => {
                let (block, source) = match Block::from_name(name) {
                    Some(b) => (b, BlockSource::Name),
                    None => (Block::UNKNOWN, BlockSource::None),
                };
                self.store.units.push(Unit {
                    name: name.to_string(),
                    code: None,
                    block,
                    block_source: source,
                });
                let i = (self.store.units.len() - 1) as u32;
                self.units.insert(name.to_string(), i);
                i
            }
        };
        self.note_unit(index, from_column, code);
        index
    }

    /// What any row can tell of its unit: the block its file's column gives (over one inferred
    /// from the name), and a code where the unit has none yet. Called for every row.
    #[inline]
    pub fn note_unit(&mut self, unit: u32, from_column: Option<Block>, code: &str) {
        let unit = &mut self.store.units[unit as usize];
        if let Some(block) = from_column {
            if unit.block_source != BlockSource::Column {
                unit.block = block;
                unit.block_source = BlockSource::Column;
            }
        }
        if unit.code.is_none() && !code.is_empty() {
            unit.code = Some(code.to_string());
        }
    }

    /// Gives units the block the units catalogue states (methodology §4: the catalogue comes
    /// first), matched by code, else by name.
    pub(super) fn place_units(&mut self, catalogue: &[crate::model::other::UnitEntry]) {
        let by_name: FastMap<String, Block> = catalogue
            .iter()
            .filter_map(|e| e.block.map(|b| (crate::text::fold_key(&e.name), b)))
            .collect();
        let by_code: FastMap<String, Block> = catalogue
            .iter()
            .filter(|e| !e.code.is_empty())
            .filter_map(|e| e.block.map(|b| (e.code.to_uppercase(), b)))
            .collect();
        for u in &mut self.store.units {
            let found = u
                .code
                .as_ref()
                .and_then(|c| by_code.get(&c.to_uppercase()))
                .or_else(|| by_name.get(&crate::text::fold_key(&u.name)));
            if let Some(&b) = found {
                u.block = b;
                u.block_source = BlockSource::Catalogue;
            }
        }
    }

    /// The length of [`Dataset::into_bytes`]' bytes, less the head's.
    pub fn blocks_len(&self) -> usize {
        let s = &self.store;
        s.columns_encoded_len()
            + s.personal_rows.encoded_len()
            + s.personal
                .iter()
                .map(|p| p.values.encoded_len())
                .sum::<usize>()
    }

    /// The dossiers as bytes, appended to `out` ([`DatasetBytes::parse`] reads them back). Each
    /// column is freed once written, so the bytes take the room the columns leave.
    pub fn into_bytes(self, out: &mut Vec<u8>) -> Result<(), postcard::Error> {
        let blocks = self.blocks_len();
        let mut s = self.store;
        let head = Head {
            len: s.len() as u64,
            units: s
                .units
                .iter()
                .map(|u| UnitHead {
                    name: u.name.clone(),
                    code: u.code.clone(),
                    column_block: (u.block_source == BlockSource::Column).then_some(u.block.0),
                })
                .collect(),
            procedures: std::mem::take(&mut s.procedures.values),
            procedure_codes: std::mem::take(&mut s.procedure_codes.values),
            personal: s.personal.iter().map(|p| p.header.clone()).collect(),
            kept: s.personal_rows.len() as u64,
        };
        let head = postcard::to_allocvec(&head)?;
        out.reserve_exact(head.len() + blocks);
        out.extend_from_slice(&head);
        s.encode_columns(out);
        std::mem::take(&mut s.personal_rows).encode(out);
        for p in std::mem::take(&mut s.personal) {
            p.values.encode(out);
        }
        Ok(())
    }

    /// Appends the dossiers of `from`, read from the same file by another reader: of the file
    /// `file`, their lines `row_offset` on from the part's. `None`, and nothing changed, when an
    /// id of theirs is already here (one reader going straight through would have dropped that
    /// row as a repeat, with its units and messages); else the index of their first dossier.
    pub fn append(&mut self, from: &DatasetBytes<'_>, file: u16, row_offset: u64) -> Option<usize> {
        // The ids first: one already seen refuses them, before anything changes.
        self.seen.put_pending(&self.store);
        if (0..from.len).any(|i| {
            self.seen
                .find(&self.store, from.columns.id.get(i))
                .is_some()
        }) {
            return None;
        }
        let before = self.store.len();
        let units = from
            .head
            .units
            .iter()
            .map(|u| {
                self.unit(
                    &u.name,
                    u.column_block.map(Block),
                    u.code.as_deref().unwrap_or(""),
                )
            })
            .collect();
        let st = &mut self.store;
        let procedures = from
            .head
            .procedures
            .iter()
            .map(|p| st.procedures.intern(p))
            .collect();
        let procedure_codes = from
            .head
            .procedure_codes
            .iter()
            .map(|p| st.procedure_codes.intern(p))
            .collect();
        st.append_columns(
            &from.columns,
            &Remap {
                file,
                row_offset,
                units,
                procedures,
                procedure_codes,
            },
        );
        st.personal_rows.extend(
            from.personal_rows
                .iter()
                .map(|r| u32::try_from(before + r as usize).unwrap_or(u32::MAX)),
        );
        // Columns placed as the first reader placed this file's (`DossierStore::personal_column`).
        let mut used: Vec<usize> = Vec::new();
        for (header, values) in from.head.personal.iter().zip(&from.personal) {
            if let Some(i) = st.personal_column(header, &used) {
                used.push(i);
                st.personal[i].values.append(*values);
            }
        }
        let kept = st.personal_rows.len();
        for c in &mut st.personal {
            c.values.pad_to(kept);
        }
        // Their ids are new, and go into the table only when another id is next looked up.
        self.seen.defer(before as u32..st.len() as u32);
        Some(before)
    }
}

/// The head of a dataset's bytes: the tables its columns number into, and the counts the
/// blocks after it are read with.
#[derive(Serialize, Deserialize)]
struct Head {
    len: u64,
    units: Vec<UnitHead>,
    procedures: Vec<String>,
    procedure_codes: Vec<String>,
    /// The personal columns' headers, and how many dossiers keep values in them.
    personal: Vec<String>,
    kept: u64,
}

/// A unit as another reader saw it: the block from a file's column is the one fact its name
/// does not give again.
#[derive(Serialize, Deserialize)]
struct UnitHead {
    name: String,
    code: Option<String>,
    column_block: Option<u8>,
}

/// A dataset's bytes ([`Dataset::into_bytes`]), checked and read in place: the columns are
/// copied once, into the dataset they are appended to.
pub struct DatasetBytes<'a> {
    head: Head,
    len: usize,
    columns: ColumnBlocks<'a>,
    personal_rows: FixedBlock<'a, u32>,
    personal: Vec<StrBlock<'a>>,
}

impl<'a> DatasetBytes<'a> {
    /// `None` for bytes [`Dataset::into_bytes`] does not write.
    pub fn parse(bytes: &'a [u8]) -> Option<DatasetBytes<'a>> {
        let (head, rest): (Head, _) = postcard::take_from_bytes(bytes).ok()?;
        let len = usize::try_from(head.len).ok()?;
        let kept = usize::try_from(head.kept).ok()?;
        head.units
            .iter()
            .all(|u| u.column_block.is_none_or(|b| b <= Block::UNKNOWN.0))
            .then_some(())?;
        let (columns, rest) = DossierStore::decode_columns(rest, len)?;
        columns
            .maps(&Remap::identity(
                head.units.len(),
                head.procedures.len(),
                head.procedure_codes.len(),
            ))
            .then_some(())?;
        let (personal_rows, mut rest) = <Vec<u32>>::decode(rest, kept)?;
        // Ascending dossiers of theirs, as the store keeps them.
        personal_rows
            .iter()
            .try_fold(None, |prev: Option<u32>, v| {
                (prev.is_none_or(|p| p < v) && (v as usize) < len).then_some(Some(v))
            })?;
        let mut personal = Vec::with_capacity(head.personal.len());
        for _ in &head.personal {
            let (values, after) = crate::model::StrColumn::decode(rest, kept)?;
            personal.push(values);
            rest = after;
        }
        rest.is_empty().then_some(DatasetBytes {
            head,
            len,
            columns,
            personal_rows,
            personal,
        })
    }

    /// How many dossiers.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The `i`th dossier's id.
    pub fn id(&self, i: usize) -> &'a str {
        self.columns.id.get(i)
    }
}

/// A file's size where known, the bytes fed so far, and whether the store has been given room
/// for the rest: a file's rows, read by the loader or by a second reader, are estimated from its
/// size once the first of them show the bytes a row takes, and the columns are allocated once
/// instead of doubling their way there (each doubling copies a column and, in a browser, leaves
/// the old room unused for good).
#[derive(Default)]
pub struct Room {
    expected: u64,
    fed: u64,
    reserved: bool,
}

/// Rows of a file read before its size tells how many more to make room for.
const ROWS_BEFORE_RESERVING: usize = 2000;

impl Room {
    /// Room for a file of `bytes` bytes (0: not known, no room made ahead).
    pub fn expecting(bytes: u64) -> Room {
        Room {
            expected: bytes,
            ..Room::default()
        }
    }

    /// Counts `n` more bytes fed to `data`, whose rows from `since` on are this file's; with
    /// enough of them, makes room for the rest. An estimate is no reason to stop a file: room
    /// that would pass the memory ceiling (`over`) is given back, and the columns grow as they go.
    pub(super) fn fed(
        &mut self,
        n: usize,
        data: &mut Dataset,
        since: usize,
        over: impl Fn(&Dataset) -> bool,
    ) {
        self.fed += n as u64;
        let rows = data.store.len() - since;
        if self.reserved || self.expected == 0 || rows < ROWS_BEFORE_RESERVING {
            return;
        }
        self.reserved = true;
        data.store.reserve_like(
            since,
            rows_in(self.expected.saturating_sub(self.fed), rows, self.fed),
        );
        if over(data) {
            data.store.shrink();
        }
    }
}

/// The rows `bytes` more bytes hold, at the rate `rows` took `fed`, with a little to spare: an
/// estimate short by one row would double every column at the very end.
fn rows_in(bytes: u64, rows: usize, fed: u64) -> usize {
    let estimate = bytes as f64 * rows as f64 / fed.max(1) as f64;
    (estimate * 1.03) as usize + 256
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    fn one_dossier(block: Block) -> Dataset {
        let mut d = Dataset::default();
        let unit = d.unit("Sở Tư pháp", Some(block), "000.00.01.H10");
        let st = &mut d.store;
        st.id.push("HS1");
        st.file.push(0);
        st.row.push(2);
        st.unit.push(unit);
        st.procedure.push(st.procedures.intern("Thủ tục"));
        st.procedure_code.push(st.procedure_codes.intern("1.1"));
        st.received.push(Date(19_800));
        st.due.push(None);
        st.ended.push(Some(Date(19_801)));
        st.status.push(crate::model::Status::DaTraKetQua);
        st.channel.push(crate::model::Channel::TrucTuyen);
        st.flags.push(3);
        assert!(st.columns_agree());
        d
    }

    fn bytes(d: Dataset) -> Vec<u8> {
        let mut out = Vec::new();
        d.into_bytes(&mut out).expect("serialises");
        out
    }

    #[test]
    fn dossiers_cross_as_bytes_and_append_with_their_tables_renumbered() {
        let b = bytes(one_dossier(Block(1)));
        let from = DatasetBytes::parse(&b).expect("reads back");
        let mut d = Dataset::default();
        d.unit("UBND xã Tân Lập", None, "");
        d.store.procedures.intern("Khác");
        let first = d.append(&from, 7, 100).expect("no id seen");
        let st = &d.store;
        assert_eq!((first, st.len()), (0, 1));
        assert_eq!((st.file[0], st.row[0], st.unit[0]), (7, 102, 1));
        assert_eq!(st.procedures.get(st.procedure[0]), "Thủ tục");
        assert_eq!(
            (st.received[0], st.due[0], st.ended[0]),
            (Date(19_800), None, Some(Date(19_801)))
        );
        assert_eq!(st.units[1].block_source, BlockSource::Column);
        assert_eq!(st.units[1].code.as_deref(), Some("000.00.01.H10"));
        // The same id again is refused, nothing changed.
        assert_eq!(d.append(&from, 7, 100), None);
        assert_eq!(d.store.len(), 1);
    }

    #[test]
    fn bytes_no_dataset_writes_are_refused() {
        let good = bytes(one_dossier(Block::UNKNOWN));
        assert!(
            DatasetBytes::parse(&good).is_some(),
            "the unknown block is one"
        );
        assert!(
            DatasetBytes::parse(&bytes(one_dossier(Block(9)))).is_none(),
            "block 9"
        );
        for cut in 0..good.len() {
            assert!(DatasetBytes::parse(&good[..cut]).is_none(), "cut at {cut}");
        }
        let mut longer = good.clone();
        longer.push(0);
        assert!(DatasetBytes::parse(&longer).is_none());
        // The blocks: id (ends, text), file, row, unit, procedure, code, three dates, status,
        // channel, flags.
        let head_len = good.len() - (4 + 3 + 2 + 4 + 4 + 4 + 4 + 4 * 3 + 1 + 1 + 2);
        // A unit index past the units.
        let unit_at = head_len + 4 + 3 + 2 + 4;
        assert_eq!(&good[unit_at..unit_at + 4], &0u32.to_le_bytes());
        let mut bad = good.clone();
        bad[unit_at] = 1;
        assert!(DatasetBytes::parse(&bad).is_none());
        // A status no store holds.
        let mut bad = good.clone();
        let status_at = head_len + 4 + 3 + 2 + 4 * 4 + 4 * 3;
        assert_eq!(good[status_at + 1], crate::model::Channel::TrucTuyen as u8);
        assert_eq!(good[status_at], 10);
        bad[status_at] = 11;
        assert!(DatasetBytes::parse(&bad).is_none());
    }
}
