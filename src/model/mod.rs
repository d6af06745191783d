//! Typed dossiers: what the indicators compute over.
//!
//! Owns the vocabulary of methodology §2 and §4 (statuses, channels, blocks) and the compact
//! column store the ingest layer fills, its columns declared once ([`DossierStore`], with
//! [`columns`]). Knows nothing of files, encodings or headers (that is `ingest`) nor of rates and
//! points (that is `indicators`).

pub mod block;
pub mod columns;
pub mod date;
pub mod district;
pub mod other;
pub mod reply;

pub use block::Block;
pub use columns::Remap;
pub use date::{Date, Period};

use serde::Serialize;

/// Dossier status codes of provincial systems (methodology §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Status {
    MoiDangKy = 1,
    DuocTiepNhan = 2,
    KhongDuocTiepNhan = 3,
    DangXuLy = 4,
    YeuCauBoSung = 5,
    NghiaVuTaiChinh = 6,
    Rut = 7,
    DungXuLy = 8,
    DaXuLyXong = 9,
    DaTraKetQua = 10,
}

impl Status {
    pub fn from_code(code: u32) -> Option<Status> {
        use Status::*;
        Some(match code {
            1 => MoiDangKy,
            2 => DuocTiepNhan,
            3 => KhongDuocTiepNhan,
            4 => DangXuLy,
            5 => YeuCauBoSung,
            6 => NghiaVuTaiChinh,
            7 => Rut,
            8 => DungXuLy,
            9 => DaXuLyXong,
            10 => DaTraKetQua,
            _ => return None,
        })
    }

    pub fn code(self) -> u8 {
        self as u8
    }

    /// Status 1 and 3 were never received: excluded from every figure.
    pub fn never_received(self) -> bool {
        matches!(self, Status::MoiDangKy | Status::KhongDuocTiepNhan)
    }

    /// 9, 10 and 7 (withdrawn, counted on time [D]) end the handling.
    pub fn is_final(self) -> bool {
        matches!(self, Status::DaXuLyXong | Status::DaTraKetQua | Status::Rut)
    }
}

/// How the dossier was submitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Channel {
    Unknown = 0,
    TrucTiep = 1,
    TrucTuyen = 2,
    BuuChinh = 3,
}

impl Channel {
    pub fn from_code(code: u8) -> Option<Channel> {
        Some(match code {
            0 => Channel::Unknown,
            1 => Channel::TrucTiep,
            2 => Channel::TrucTuyen,
            3 => Channel::BuuChinh,
            _ => return None,
        })
    }
}

/// One-bit facts about a dossier.
pub mod flag {
    pub const DIGITISED: u16 = 1;
    pub const E_RESULT: u16 = 1 << 1;
    pub const REUSED: u16 = 1 << 2;
    pub const FEE_DUE: u16 = 1 << 3;
    pub const PAID_ONLINE: u16 = 1 << 4;
    pub const SYNCED: u16 = 1 << 5;
    /// A date or status could not be read: the dossier is left out of progress figures.
    pub const NO_PROGRESS: u16 = 1 << 6;
    /// Its digitised data is connected to the data store (kho dữ liệu), indicator 6.5.
    pub const DATA_STORE: u16 = 1 << 7;
    /// Uses the national population data, indicator 6.6.
    pub const POPULATION: u16 = 1 << 8;
    /// Rated "không hài lòng" (indicator 5.3).
    pub const NEGATIVE_RATING: u16 = 1 << 9;
}

/// Which optional facts the source file carried: an absent column makes its rate
/// "chưa có dữ liệu", never a silent 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Known {
    /// A dossier export is loaded.
    pub dossiers: bool,
    pub channel: bool,
    pub digitised: bool,
    pub e_result: bool,
    pub reused: bool,
    pub fee: bool,
    pub paid_online: bool,
    pub synced: bool,
    pub status: bool,
    pub data_store: bool,
    pub population: bool,
    pub rating: bool,
    pub procedure: bool,
    // The other inputs (filled by `indicators` from `other::Others`).
    pub catalogue: bool,
    pub catalogue_online: bool,
    pub catalogue_eligible: bool,
    pub catalogue_fee: bool,
    pub catalogue_integrated: bool,
    pub catalogue_written_result: bool,
    pub catalogue_published: bool,
    pub catalogue_population: bool,
    pub units_ecert: bool,
    pub feedback: bool,
    pub feedback_rating: bool,
    pub publication: bool,
    pub publication_published: bool,
}

impl Known {
    /// What the dossiers' columns and the other inputs together provide.
    pub fn with(mut self, o: &other::Others) -> Known {
        let c = &o.procedures;
        self.catalogue = c.loaded;
        self.catalogue_online = c.has_online;
        self.catalogue_eligible = c.has_eligible;
        self.catalogue_fee = c.has_fee;
        self.catalogue_integrated = c.has_integrated;
        self.catalogue_written_result = c.has_written_result;
        self.catalogue_published = c.has_published;
        self.catalogue_population = c.has_population;
        self.units_ecert = o.has_units_ecert;
        self.feedback = o.has_feedback;
        self.feedback_rating = o.has_feedback_rating;
        self.publication = o.has_publication;
        self.publication_published = o.has_publication_published;
        self
    }
}

/// Interned strings: each distinct value stored once, referred to by index.
#[derive(Clone, Debug, Default)]
pub struct Interner {
    pub values: Vec<String>,
    index: crate::text::FastMap<String, u32>,
}

impl Interner {
    pub fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.values.len() as u32;
        self.values.push(s.to_owned());
        self.index.insert(s.to_owned(), i);
        i
    }

    pub fn get(&self, i: u32) -> &str {
        &self.values[i as usize]
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// Many short strings in one buffer: a million ids or phone numbers as one allocation each way,
/// not a million `String`s (a third of the memory).
#[derive(Clone, Debug, Default)]
pub struct StrColumn {
    text: Vec<u8>,
    ends: Vec<u32>,
}

impl StrColumn {
    pub fn push(&mut self, s: &str) {
        self.push_raw(s.as_bytes());
    }

    /// A cell's bytes as the file has them, not yet checked as UTF-8 nor normalised: for values
    /// read only now and then (personal columns, read for overdue dossiers), whose checking would
    /// cost more than all else a row does. Read them with `text`.
    pub fn push_raw(&mut self, bytes: &[u8]) {
        self.text.extend_from_slice(bytes);
        // Saturates rather than wraps: past 4 GiB of text (far beyond what a browser holds) the
        // last values read empty instead of wrong.
        self.ends
            .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
    }

    fn bytes(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let end = self.ends[i] as usize;
        self.text.get(start.min(end)..end).unwrap_or(b"")
    }

    /// A value pushed with `push`.
    pub fn get(&self, i: usize) -> &str {
        std::str::from_utf8(self.bytes(i)).unwrap_or("")
    }

    /// A value pushed with `push_raw`, as text: malformed bytes replaced, trimmed, in NFC.
    pub fn text(&self, i: usize) -> std::borrow::Cow<'_, str> {
        match String::from_utf8_lossy(self.bytes(i)) {
            std::borrow::Cow::Borrowed(s) => crate::text::nfc(s.trim()),
            std::borrow::Cow::Owned(s) => {
                std::borrow::Cow::Owned(crate::text::nfc(s.trim()).into_owned())
            }
        }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn truncate(&mut self, n: usize) {
        if n < self.ends.len() {
            let keep = if n == 0 { 0 } else { self.ends[n - 1] as usize };
            self.ends.truncate(n);
            self.text.truncate(keep);
        }
    }

    /// Bytes held (capacity), for the memory ceiling.
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * 4
    }

    /// Gives back what a truncation left unused.
    pub fn shrink(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    /// Pads with empty values up to `n` (a personal column an earlier file lacked).
    pub fn pad_to(&mut self, n: usize) {
        let end = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        self.ends.resize(n.max(self.ends.len()), end);
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Room for `more` values as long, on average, as those from `since` on.
    pub fn reserve_like(&mut self, since: usize, more: usize) {
        let n = self.len().saturating_sub(since);
        let start = if since == 0 {
            0
        } else {
            self.ends.get(since - 1).map_or(0, |&e| e as usize)
        };
        let average = (self.text.len().saturating_sub(start)).div_ceil(n.max(1));
        self.text.reserve_exact(average * more);
        self.ends.reserve_exact(more);
    }

    /// Appends values given as another column's parts (see `parts`).
    pub fn append_parts(&mut self, text: &[u8], ends: impl Iterator<Item = u32>) {
        let base = self.text.len();
        self.text.extend_from_slice(text);
        self.ends
            .extend(ends.map(|e| u32::try_from(base + e as usize).unwrap_or(u32::MAX)));
    }

    /// The column as its two buffers: the text end to end, and where each value ends.
    pub fn parts(&self) -> (&[u8], &[u32]) {
        (&self.text, &self.ends)
    }
}

/// A unit (đơn vị): the agency receiving and handling dossiers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unit {
    pub name: String,
    pub code: Option<String>,
    pub block: Block,
    pub block_source: BlockSource,
}

/// Where a unit's block came from (methodology §4), as `units[].block_source` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum BlockSource {
    /// A block or level column of the dossier file.
    Column,
    /// Inferred from the unit's name.
    Name,
    /// Neither: the unit is in no block.
    None,
    /// The units catalogue, which comes before any other rule.
    Catalogue,
}

/// A personal column, kept verbatim only for the overdue list and always masked on the way out
/// unless the user unmasks them. It holds a value for each dossier of
/// [`DossierStore::personal_rows`], no other.
#[derive(Clone, Debug, Default)]
pub struct PersonalColumn {
    pub header: String,
    pub values: StrColumn,
}

/// Whether a dossier may be listed overdue in some period (indicators::progress::classify): it
/// was received, has a due date, and is not ended by then. One whose final status ended it on or
/// before its due date never is, whatever the period: the store keeps no personal data for it
/// (most dossiers: what is not needed is not held, and a third of the store's memory is saved).
/// A dossier whose dates or status could not be read (flag NO_PROGRESS) is never listed either;
/// the caller checks that flag.
pub fn may_be_overdue(status: Status, due: Option<Date>, ended: Option<Date>) -> bool {
    match (due, ended) {
        _ if status.never_received() => false,
        (None, _) => false,
        (Some(due), Some(end)) if status.is_final() => end > due,
        _ => true,
    }
}

crate::dossier_store! {
    /// The dossiers of one or more files, one entry per dossier in every column.
    #[derive(Clone, Debug, Default)]
    pub struct DossierStore {
        pub units: Vec<Unit>,
        pub procedures: Interner,
        pub procedure_codes: Interner,
        pub known: Known,
        /// The dossiers (indices, ascending) whose personal values are kept: those that
        /// [`may_be_overdue`].
        pub personal_rows: Vec<u32>,
        pub personal: Vec<PersonalColumn>,
    }
    // One line a column: adding one here gives it truncation, room, memory size and its bytes
    // between two readers of a file; then read it (`ingest::rows`) and use it.
    columns {
        pub id: StrColumn,
        /// The file (index into the loader's inputs) and row (1-based, as the user's program
        /// shows it) each dossier came from, for traceability.
        pub file: Vec<u16> => Remap::file,
        pub row: Vec<u32> => Remap::row,
        pub unit: Vec<u32> => Remap::unit,
        pub procedure: Vec<u32> => Remap::procedure,
        /// The procedure's code (into `procedure_codes`, "" when the file has none), to find it
        /// in the procedure catalogue.
        pub procedure_code: Vec<u32> => Remap::procedure_code,
        pub received: Vec<Date>,
        pub due: Vec<Option<Date>>,
        /// NgayKetThucXuLy, or NgayTra where that is empty (methodology §2).
        pub ended: Vec<Option<Date>>,
        pub status: Vec<Status>,
        pub channel: Vec<Channel>,
        pub flags: Vec<u16>,
    }
}

impl DossierStore {
    pub fn len(&self) -> usize {
        self.id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.id.is_empty()
    }

    /// Where the `i`th dossier's values are in each personal column, if they are kept.
    pub fn personal_at(&self, i: usize) -> Option<usize> {
        self.personal_rows
            .binary_search(&u32::try_from(i).ok()?)
            .ok()
    }

    /// The store column for a file's personal column `header`, given the store columns its
    /// earlier columns took (`taken`): a second column of one header goes to a second store
    /// column of that header, as sharing one would interleave their values. `None`: there is
    /// none yet.
    pub fn personal_column(&self, header: &str, taken: &[usize]) -> Option<usize> {
        (0..self.personal.len()).find(|i| self.personal[*i].header == header && !taken.contains(i))
    }

    /// Drops every dossier from the `len`th on (a cancelled file).
    pub fn truncate(&mut self, len: usize) {
        self.truncate_columns(len);
        let kept = self.personal_rows.partition_point(|&r| (r as usize) < len);
        self.personal_rows.truncate(kept);
        for p in &mut self.personal {
            p.values.truncate(kept);
        }
    }

    /// An estimate of the bytes the store holds (capacities of its columns; the small unit and
    /// procedure tables counted by their text), for the worker's memory ceiling.
    pub fn heap_bytes(&self) -> usize {
        let personal = self.personal_rows.capacity() * 4
            + self
                .personal
                .iter()
                .map(|p| p.values.heap_bytes())
                .sum::<usize>();
        let tables = self
            .procedures
            .values
            .iter()
            .chain(&self.procedure_codes.values)
            .map(|v| v.len() * 2 + 48)
            .sum::<usize>()
            + self
                .units
                .iter()
                .map(|u| u.name.len() * 2 + 64)
                .sum::<usize>();
        self.columns_heap_bytes() + personal + tables
    }

    /// Room for `more` dossiers like those from `since` on, allocated at once: a file's rows are
    /// estimated from its size, so the columns do not double their way there (each doubling
    /// copies the column and, in a browser, leaves the old room unused for good).
    pub fn reserve_like(&mut self, since: usize, more: usize) {
        self.reserve_columns_like(since, more);
        // Personal values for as many of the `more` as kept them of those from `since` on.
        let first_kept = self
            .personal_rows
            .partition_point(|&r| (r as usize) < since);
        let kept = self.personal_rows.len() - first_kept;
        let more_kept = (more as u64 * kept as u64)
            .div_ceil(self.len().saturating_sub(since).max(1) as u64)
            as usize;
        self.personal_rows.reserve_exact(more_kept);
        for p in &mut self.personal {
            p.values.reserve_like(first_kept, more_kept);
        }
    }

    /// Gives back the memory a cancelled file's rows held.
    pub fn shrink(&mut self) {
        self.shrink_columns();
        self.personal_rows.shrink_to_fit();
        for p in &mut self.personal {
            p.values.shrink();
        }
    }
}
