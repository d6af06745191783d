//! Typed dossiers: what the indicators compute over.
//!
//! Owns the vocabulary of methodology §2 and §4 (statuses, channels, blocks) and the compact
//! column store the ingest layer fills. Knows nothing of files, encodings or headers (that is
//! `ingest`) nor of rates and points (that is `indicators`).

pub mod block;
pub mod date;

pub use block::Block;
pub use date::{Date, Period};

use serde::Serialize;
use std::collections::HashMap;

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

/// One-bit facts about a dossier.
pub mod flag {
    pub const DIGITISED: u8 = 1;
    pub const E_RESULT: u8 = 1 << 1;
    pub const REUSED: u8 = 1 << 2;
    pub const FEE_DUE: u8 = 1 << 3;
    pub const PAID_ONLINE: u8 = 1 << 4;
    pub const SYNCED: u8 = 1 << 5;
    /// A date or status could not be read: the dossier is left out of progress figures.
    pub const NO_PROGRESS: u8 = 1 << 6;
}

/// Which optional facts the source file carried: an absent column makes its rate
/// "chưa có dữ liệu", never a silent 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Known {
    pub channel: bool,
    pub digitised: bool,
    pub e_result: bool,
    pub reused: bool,
    pub fee: bool,
    pub paid_online: bool,
    pub synced: bool,
    pub status: bool,
}

/// Interned strings: each distinct value stored once, referred to by index.
#[derive(Clone, Debug, Default)]
pub struct Interner {
    pub values: Vec<String>,
    index: HashMap<String, u32>,
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

/// A unit (đơn vị): the agency receiving and handling dossiers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unit {
    pub name: String,
    pub code: Option<String>,
    pub block: Block,
    /// Where the block came from: "column" (the file said) or "name" (inferred), or "none".
    pub block_source: &'static str,
}

/// Personal columns, kept verbatim only for the overdue list and always masked on the way out
/// unless the user unmasks them.
#[derive(Clone, Debug, Default)]
pub struct PersonalColumn {
    pub header: String,
    pub values: Vec<String>,
}

/// The dossiers of one or more files, one entry per dossier in every column.
#[derive(Clone, Debug, Default)]
pub struct DossierStore {
    pub units: Vec<Unit>,
    pub procedures: Interner,
    pub known: Known,

    pub id: Vec<String>,
    /// The row in the source file (1-based, header row counted) for traceability.
    pub row: Vec<u32>,
    pub unit: Vec<u32>,
    pub procedure: Vec<u32>,
    pub received: Vec<Date>,
    pub due: Vec<Option<Date>>,
    /// NgayKetThucXuLy, or NgayTra where that is empty (methodology §2).
    pub ended: Vec<Option<Date>>,
    pub status: Vec<Status>,
    pub channel: Vec<Channel>,
    pub flags: Vec<u8>,
    pub personal: Vec<PersonalColumn>,
}

impl DossierStore {
    pub fn len(&self) -> usize {
        self.id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.id.is_empty()
    }

    pub fn has(&self, i: usize, f: u8) -> bool {
        self.flags[i] & f != 0
    }

    /// The span of received dates, for choosing a default period.
    pub fn received_range(&self) -> Option<(Date, Date)> {
        let min = self.received.iter().min()?;
        let max = self.received.iter().max()?;
        Some((*min, *max))
    }
}
