//! What every per-dossier column of the store can do, declared once for all of them.
//!
//! Owns the [`Column`] trait (truncation, room, memory size, the column as bytes and appending
//! those bytes), the fixed-width values the numeric columns hold ([`Fixed`]), and the
//! [`dossier_store!`](crate::dossier_store) macro the store's columns are listed in: every
//! operation over all columns follows from that one list. Knows nothing of files or of the
//! readers that fill the store: the bytes are only another store's dossiers, appended here.
//!
//! A column's bytes are its values end to end, little-endian, in one block of known length (the
//! count of dossiers is carried beside the blocks): copying them is a pass over memory, where a
//! general serialiser writes a varint per value (several times slower on a year's file).

use super::{Channel, Date, Status, StrColumn};
use std::marker::PhantomData;

/// A value held in a fixed number of bytes.
pub trait Fixed: Copy {
    const WIDTH: usize;
    /// Writes the value into `to` (`WIDTH` bytes).
    fn put(self, to: &mut [u8]);
    /// The value in `from` (`WIDTH` bytes); `None` for bytes no store writes.
    fn get(from: &[u8]) -> Option<Self>;
}

fn four(b: &[u8]) -> [u8; 4] {
    [b[0], b[1], b[2], b[3]]
}

impl Fixed for u16 {
    const WIDTH: usize = 2;
    fn put(self, to: &mut [u8]) {
        to.copy_from_slice(&self.to_le_bytes());
    }
    fn get(from: &[u8]) -> Option<Self> {
        Some(u16::from_le_bytes([from[0], from[1]]))
    }
}

impl Fixed for u32 {
    const WIDTH: usize = 4;
    fn put(self, to: &mut [u8]) {
        to.copy_from_slice(&self.to_le_bytes());
    }
    fn get(from: &[u8]) -> Option<Self> {
        Some(u32::from_le_bytes(four(from)))
    }
}

/// The day no date is: `Option<Date>`'s `None` in bytes.
const NO_DATE: i32 = i32::MIN;

impl Fixed for Date {
    const WIDTH: usize = 4;
    fn put(self, to: &mut [u8]) {
        to.copy_from_slice(&self.0.to_le_bytes());
    }
    fn get(from: &[u8]) -> Option<Self> {
        Some(Date(i32::from_le_bytes(four(from)))).filter(|d| d.0 != NO_DATE)
    }
}

impl Fixed for Option<Date> {
    const WIDTH: usize = 4;
    fn put(self, to: &mut [u8]) {
        to.copy_from_slice(&self.map_or(NO_DATE, |d| d.0).to_le_bytes());
    }
    fn get(from: &[u8]) -> Option<Self> {
        Some(Date::get(from))
    }
}

impl Fixed for Status {
    const WIDTH: usize = 1;
    fn put(self, to: &mut [u8]) {
        to[0] = self.code();
    }
    fn get(from: &[u8]) -> Option<Self> {
        Status::from_code(u32::from(from[0]))
    }
}

impl Fixed for Channel {
    const WIDTH: usize = 1;
    fn put(self, to: &mut [u8]) {
        to[0] = self as u8;
    }
    fn get(from: &[u8]) -> Option<Self> {
        Channel::from_code(from[0])
    }
}

/// A column of fixed-width values as bytes, checked: every value reads back.
pub struct FixedBlock<'a, T> {
    bytes: &'a [u8],
    of: PhantomData<T>,
}

impl<T> Clone for FixedBlock<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for FixedBlock<'_, T> {}

impl<'a, T: Fixed + 'a> FixedBlock<'a, T> {
    pub fn len(&self) -> usize {
        self.bytes.len() / T::WIDTH
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = T> + 'a {
        // Checked when the block was read: every value is there.
        self.bytes.chunks_exact(T::WIDTH).filter_map(T::get)
    }
}

/// A text column as bytes, checked: the ends ascend and stay within the text.
#[derive(Clone, Copy)]
pub struct StrBlock<'a> {
    text: &'a [u8],
    ends: FixedBlock<'a, u32>,
}

impl<'a> StrBlock<'a> {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The `i`th value ("" for bytes that are not UTF-8, which no store holds).
    pub fn get(&self, i: usize) -> &'a str {
        let end = |k: usize| {
            self.ends
                .bytes
                .get(k * 4..k * 4 + 4)
                .and_then(u32::get)
                .unwrap_or(0)
        };
        let start = if i == 0 { 0 } else { end(i - 1) as usize };
        let bytes = self.text.get(start..end(i) as usize).unwrap_or(b"");
        std::str::from_utf8(bytes).unwrap_or("")
    }
}

/// What every per-dossier column can do. [`dossier_store!`](crate::dossier_store) calls these
/// for each column it lists.
pub trait Column: Default {
    /// The column as bytes, read back (see [`Column::decode`]).
    type Block<'a>: Copy;
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn truncate(&mut self, len: usize);
    /// Gives back what a truncation left unused.
    fn shrink(&mut self);
    /// Bytes held (capacities), for the memory ceiling.
    fn heap_bytes(&self) -> usize;
    /// Room for `more` values like those from `since` on, allocated at once.
    fn reserve_like(&mut self, since: usize, more: usize);
    /// The length of [`Column::encode`]'s bytes.
    fn encoded_len(&self) -> usize;
    /// Appends the column's bytes to `out`.
    fn encode(&self, out: &mut Vec<u8>);
    /// The block of `len` values at the start of `bytes`, and the bytes after it; `None` for
    /// bytes [`Column::encode`] does not write.
    fn decode(bytes: &[u8], len: usize) -> Option<(Self::Block<'_>, &[u8])>;
    fn append(&mut self, block: Self::Block<'_>);
}

fn encode_values<T: Fixed>(values: &[T], out: &mut Vec<u8>) {
    let start = out.len();
    out.resize(start + values.len() * T::WIDTH, 0);
    for (to, v) in out[start..].chunks_exact_mut(T::WIDTH).zip(values) {
        v.put(to);
    }
}

impl<T: Fixed> Column for Vec<T> {
    type Block<'a> = FixedBlock<'a, T>;
    fn len(&self) -> usize {
        self.as_slice().len()
    }
    fn truncate(&mut self, len: usize) {
        Vec::truncate(self, len);
    }
    fn shrink(&mut self) {
        self.shrink_to_fit();
    }
    fn heap_bytes(&self) -> usize {
        self.capacity() * std::mem::size_of::<T>()
    }
    fn reserve_like(&mut self, _since: usize, more: usize) {
        self.reserve_exact(more);
    }
    fn encoded_len(&self) -> usize {
        self.as_slice().len() * T::WIDTH
    }
    fn encode(&self, out: &mut Vec<u8>) {
        encode_values(self, out);
    }
    fn decode(bytes: &[u8], len: usize) -> Option<(FixedBlock<'_, T>, &[u8])> {
        let (block, rest) = bytes.split_at_checked(len.checked_mul(T::WIDTH)?)?;
        block
            .chunks_exact(T::WIDTH)
            .all(|v| T::get(v).is_some())
            .then_some(())?;
        Some((
            FixedBlock {
                bytes: block,
                of: PhantomData,
            },
            rest,
        ))
    }
    fn append(&mut self, block: FixedBlock<'_, T>) {
        self.extend(block.iter());
    }
}

impl Column for StrColumn {
    type Block<'a> = StrBlock<'a>;
    fn len(&self) -> usize {
        StrColumn::len(self)
    }
    fn truncate(&mut self, len: usize) {
        StrColumn::truncate(self, len);
    }
    fn shrink(&mut self) {
        StrColumn::shrink(self);
    }
    fn heap_bytes(&self) -> usize {
        StrColumn::heap_bytes(self)
    }
    fn reserve_like(&mut self, since: usize, more: usize) {
        StrColumn::reserve_like(self, since, more);
    }
    fn encoded_len(&self) -> usize {
        let (text, ends) = self.parts();
        ends.len() * 4 + text.len()
    }
    /// The ends, then the text.
    fn encode(&self, out: &mut Vec<u8>) {
        let (text, ends) = self.parts();
        encode_values(ends, out);
        out.extend_from_slice(text);
    }
    fn decode(bytes: &[u8], len: usize) -> Option<(StrBlock<'_>, &[u8])> {
        let (ends, rest) = <Vec<u32>>::decode(bytes, len)?;
        let last = ends
            .iter()
            .try_fold(0u32, |prev, e| (prev <= e).then_some(e))?;
        let (text, rest) = rest.split_at_checked(last as usize)?;
        Some((StrBlock { text, ends }, rest))
    }
    fn append(&mut self, block: StrBlock<'_>) {
        self.append_parts(block.text, block.ends.iter());
    }
}

/// How another store's dossiers are numbered in this one when appended ([`dossier_store!`]'s
/// `=> Remap::…` columns): indices into its tables become indices into this store's, its lines
/// are counted from where its part of the file starts, and its dossiers belong to one file.
/// Each mapping is `None` for an index its tables do not have.
///
/// [`dossier_store!`]: crate::dossier_store
#[derive(Clone, Debug, Default)]
pub struct Remap {
    pub file: u16,
    pub row_offset: u64,
    pub units: Vec<u32>,
    pub procedures: Vec<u32>,
    pub procedure_codes: Vec<u32>,
}

impl Remap {
    /// A mapping of tables of these lengths onto themselves: checks indices only.
    pub fn identity(units: usize, procedures: usize, procedure_codes: usize) -> Remap {
        let table = |n: usize| {
            (0..n)
                .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
                .collect()
        };
        Remap {
            units: table(units),
            procedures: table(procedures),
            procedure_codes: table(procedure_codes),
            ..Remap::default()
        }
    }

    pub fn file(&self, _: u16) -> Option<u16> {
        Some(self.file)
    }

    /// Past 4 billion lines (no file is) the line saturates rather than wraps.
    pub fn row(&self, row: u32) -> Option<u32> {
        Some(u32::try_from(u64::from(row) + self.row_offset).unwrap_or(u32::MAX))
    }

    pub fn unit(&self, unit: u32) -> Option<u32> {
        self.units.get(unit as usize).copied()
    }

    pub fn procedure(&self, procedure: u32) -> Option<u32> {
        self.procedures.get(procedure as usize).copied()
    }

    pub fn procedure_code(&self, code: u32) -> Option<u32> {
        self.procedure_codes.get(code as usize).copied()
    }
}

/// Declares the dossier store: its tables, then its per-dossier columns, each once. From the
/// column list follow the store's `truncate_columns`, `shrink_columns`, `columns_heap_bytes`,
/// `reserve_columns_like`, the columns as bytes (`columns_encoded_len`, `encode_columns`,
/// `decode_columns` into a `ColumnBlocks`) and appending them (`append_columns`). A column
/// whose values number something in another table names its [`Remap`] method after `=>`.
#[macro_export]
macro_rules! dossier_store {
    (
        $(#[$meta:meta])*
        pub struct $store:ident {
            $( $(#[$table_meta:meta])* pub $table:ident : $table_ty:ty, )*
        }
        columns {
            $( $(#[$col_meta:meta])* pub $col:ident : $col_ty:ty $( => $map:path )?, )*
        }
    ) => {
        $(#[$meta])*
        pub struct $store {
            $( $(#[$table_meta])* pub $table: $table_ty, )*
            $( $(#[$col_meta])* pub $col: $col_ty, )*
        }

        /// The store's columns as bytes, read back and checked (see `decode_columns`).
        pub struct ColumnBlocks<'a> {
            $( pub $col: <$col_ty as $crate::model::columns::Column>::Block<'a>, )*
        }

        impl $store {
            /// The names of the per-dossier columns, in their order.
            pub const COLUMNS: &'static [&'static str] = &[$( stringify!($col), )*];

            /// Whether every column holds as many values as the first.
            pub fn columns_agree(&self) -> bool {
                let lens = [$( $crate::model::columns::Column::len(&self.$col), )*];
                lens.iter().all(|&n| n == lens[0])
            }

            fn truncate_columns(&mut self, len: usize) {
                $( $crate::model::columns::Column::truncate(&mut self.$col, len); )*
            }

            fn shrink_columns(&mut self) {
                $( $crate::model::columns::Column::shrink(&mut self.$col); )*
            }

            fn columns_heap_bytes(&self) -> usize {
                0 $( + $crate::model::columns::Column::heap_bytes(&self.$col) )*
            }

            fn reserve_columns_like(&mut self, since: usize, more: usize) {
                $( $crate::model::columns::Column::reserve_like(&mut self.$col, since, more); )*
            }

            /// The length of `encode_columns`' bytes.
            pub fn columns_encoded_len(&self) -> usize {
                0 $( + $crate::model::columns::Column::encoded_len(&self.$col) )*
            }

            /// Appends every column's bytes to `out`, each column freed once written: the bytes
            /// take the room the columns leave.
            pub fn encode_columns(&mut self, out: &mut Vec<u8>) {
                $( $crate::model::columns::Column::encode(&std::mem::take(&mut self.$col), out); )*
            }

            /// The columns of `len` dossiers at the start of `bytes`, and the bytes after them.
            pub fn decode_columns(
                bytes: &[u8],
                len: usize,
            ) -> Option<(ColumnBlocks<'_>, &[u8])> {
                $(
                    let ($col, bytes) =
                        <$col_ty as $crate::model::columns::Column>::decode(bytes, len)?;
                )*
                Some((ColumnBlocks { $( $col, )* }, bytes))
            }

            /// Appends another store's dossiers, numbered by `remap`, which must map every one of
            /// their values (`ColumnBlocks::maps`).
            pub fn append_columns(
                &mut self,
                blocks: &ColumnBlocks<'_>,
                remap: &$crate::model::columns::Remap,
            ) {
                $( $crate::dossier_store!(@append self.$col, blocks.$col, remap $(, $map)?); )*
            }
        }

        impl ColumnBlocks<'_> {
            /// Whether `remap` maps every value of the columns it numbers.
            pub fn maps(&self, remap: &$crate::model::columns::Remap) -> bool {
                true $( && $crate::dossier_store!(@maps self.$col, remap $(, $map)?) )*
            }
        }
    };
    (@append $to:expr, $from:expr, $remap:ident) => {
        $crate::model::columns::Column::append(&mut $to, $from)
    };
    (@append $to:expr, $from:expr, $remap:ident, $map:path) => {
        $to.extend($from.iter().filter_map(|v| $map($remap, v)))
    };
    (@maps $block:expr, $remap:ident) => {
        true
    };
    (@maps $block:expr, $remap:ident, $map:path) => {
        $block.iter().all(|v| $map($remap, v).is_some())
    };
}
