//! Dossier ids as compared for duplicates ("hs-c1 " is "HS-C1"), and the ids seen so far.
//!
//! Owns the id key and its hash, the byte comparisons the readers' memos share, and [`SeenIds`].
//! Knows nothing of files: a dataset asks whether an id was seen and where.

use crate::model::DossierStore;
use crate::text::FastMap as HashMap;

/// An id as compared for duplicates: without case, white space or invisible characters (a
/// zero-width space, a BOM), in NFC, `Ð` as `Đ` ("hs-c1 " = "HS-C1"; an id written in NFD or
/// with a zero-width space inside is the same id).
fn id_key(id: &str) -> impl Iterator<Item = char> + '_ {
    use unicode_normalization::UnicodeNormalization;
    id.chars()
        .filter(|&c| !c.is_whitespace() && !crate::text::is_invisible(c))
        .map(|c| crate::text::as_d(c).unwrap_or(c))
        .nfc()
        .flat_map(char::to_uppercase)
}

/// The hash of an id's key (`id_key`), stable across runs. Nearly every id is printable ASCII
/// without lower case: its bytes are its key, hashed eight at a time (every row's id is hashed).
pub(super) fn id_hash(id: &str) -> u32 {
    let b = id.as_bytes();
    // Printable ASCII without lower case or white space: the id is its own key.
    let plain = b.iter().fold(true, |ok, &c| {
        ok & (c > b' ' && c < 0x7F && !c.is_ascii_lowercase())
    });
    if plain {
        return hash_key(b);
    }
    if id.is_ascii() && b.len() <= 64 {
        let mut key = [0u8; 64];
        let mut n = 0;
        // White space and control characters, as `id_key` drops them.
        for c in b.iter().filter(|c| c.is_ascii_graphic()) {
            key[n] = c.to_ascii_uppercase();
            n += 1;
        }
        return hash_key(&key[..n]);
    }
    hash_key(id_key(id).collect::<String>().as_bytes())
}

/// Whether two byte strings are equal, eight bytes at a time.
pub(super) fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    let word = |w: &[u8]| u64::from_le_bytes(w.try_into().unwrap_or_default());
    (&mut x).zip(&mut y).all(|(p, q)| word(p) == word(q))
        && x.remainder().iter().zip(y.remainder()).all(|(p, q)| p == q)
}

fn hash_key(key: &[u8]) -> u32 {
    (hash64(key) >> 32) as u32
}

/// A hash of bytes, eight at a time, stable across runs.
pub(super) fn hash64(key: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let step = |h: u64, w: u64| (h ^ w).wrapping_mul(K).rotate_left(29);
    let mut words = key.chunks_exact(8);
    let mut h = (&mut words).fold(key.len() as u64, |h, w| {
        step(h, u64::from_le_bytes(w.try_into().unwrap_or_default()))
    });
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = step(h, u64::from_le_bytes(w));
    }
    (h ^ (h >> 29)).wrapping_mul(K)
}

/// The ids seen so far, as hashes pointing at their first dossier: 8 bytes an id instead of a
/// second copy of it. A hash shared by different ids (a few in a million) is told apart by
/// comparing them.
#[derive(Default)]
pub struct SeenIds {
    first: HashMap<u32, u32>,
    /// Different ids whose hash an earlier id already took.
    collided: HashMap<String, u32>,
    /// Dossiers whose ids are known to be new but not yet in the table: a second reader's rows,
    /// put in only when another id is looked up (most loads are one file, and never need it).
    pending: Vec<std::ops::Range<u32>>,
}

impl SeenIds {
    /// Where this id first appeared, or `None` after noting it as the dossier `index` (the
    /// next one stored): one look in the table for the common case of a new id.
    pub fn first_or_insert(&mut self, store: &DossierStore, id: &str, index: u32) -> Option<u32> {
        if !self.pending.is_empty() {
            self.put_pending(store);
        }
        match self.first.entry(id_hash(id)) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(index);
                None
            }
            std::collections::hash_map::Entry::Occupied(e) => {
                let first = *e.get();
                if id_key(store.id.get(first as usize)).eq(id_key(id)) {
                    return Some(first);
                }
                let key: String = id_key(id).collect();
                match self.collided.get(&key) {
                    Some(&i) => Some(i),
                    None => {
                        self.collided.insert(key, index);
                        None
                    }
                }
            }
        }
    }

    /// Where this id first appeared, if it did (nothing noted). The pending dossiers must have
    /// been put in (`put_pending`).
    pub fn find(&self, store: &DossierStore, id: &str) -> Option<u32> {
        let &first = self.first.get(&id_hash(id))?;
        if id_key(store.id.get(first as usize)).eq(id_key(id)) {
            return Some(first);
        }
        self.collided.get(&id_key(id).collect::<String>()).copied()
    }

    /// Notes the dossiers `range` (already in the store) as having ids none before them had, nor
    /// each other.
    pub fn defer(&mut self, range: std::ops::Range<u32>) {
        self.pending.push(range);
    }

    /// Puts the deferred dossiers' ids in the table.
    pub fn put_pending(&mut self, store: &DossierStore) {
        let pending = std::mem::take(&mut self.pending);
        self.first.reserve(pending.iter().map(|r| r.len()).sum());
        for index in pending.into_iter().flatten() {
            self.first_or_insert(store, store.id.get(index as usize), index);
        }
    }

    /// Forgets the ids of dossiers from `len` on (a cancelled file).
    pub fn truncate(&mut self, len: usize) {
        let len32 = u32::try_from(len).unwrap_or(u32::MAX);
        self.first.retain(|_, i| (*i as usize) < len);
        self.collided.retain(|_, i| (*i as usize) < len);
        for r in &mut self.pending {
            r.end = r.end.min(len32);
        }
        self.pending.retain(|r| !r.is_empty());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_hash_ignores_case_and_spaces_on_both_paths() {
        assert_eq!(id_hash(" hs-c1 "), id_hash("HS-C1"));
        assert_eq!(id_hash("hs\u{a0}đ1"), id_hash("HSĐ1"));
        assert_ne!(id_hash("HS-C1"), id_hash("HS-C2"));
        // The three ways to the key agree: plain, ASCII to fold, and past 64 bytes or not ASCII.
        let long = "000.00.93.h10-240327-000001/".repeat(3);
        assert!(long.len() > 64);
        assert_eq!(id_hash(&long), id_hash(&long.to_uppercase()));
        assert_eq!(
            id_hash("000.00.93.h10-240327 000001"),
            id_hash("000.00.93.H10-240327000001")
        );
        assert_eq!(id_hash("hs-đ 1"), id_hash("HS-Đ1"));
        assert_eq!(
            id_hash("HS\u{b}1"),
            id_hash("HS1"),
            "a vertical tab is white space to the key too"
        );
        assert_eq!(id_hash("hs\u{b}1"), id_hash("HS1"));
        // NFD, a zero-width space, a BOM, a control character, `Ð`: the same id.
        for same in [
            "HS-Ð1",
            "hs-\u{111}1",
            "HS\u{200b}-Đ1",
            "\u{feff}HS-Đ1",
            "HS-Đ\u{1}1",
        ] {
            assert_eq!(id_hash(same), id_hash("HS-Đ1"), "{same:?}");
        }
        assert_eq!(id_hash("HO\u{302}\u{300}-1"), id_hash("HỒ-1"));
        assert_ne!(id_hash("HÔ-1"), id_hash("HỒ-1"));
        // Ids that differ in one place, at any place, hash apart (in a million, a handful share).
        let ids: Vec<String> = (0..200_000)
            .map(|i| format!("000.00.93.H10-2405{:02}-{:06}", i % 31, i))
            .collect();
        let distinct: std::collections::HashSet<u32> = ids.iter().map(|id| id_hash(id)).collect();
        assert!(
            distinct.len() >= ids.len() - 20,
            "{} of {}",
            distinct.len(),
            ids.len()
        );
    }

    #[test]
    fn same_is_byte_equality() {
        let text = b"Chi nhanh Van phong dang ky dat dai Hon Quan";
        for a in 0..text.len() {
            for b in a..text.len() {
                let x = &text[a..b];
                assert!(same(x, x), "{a}..{b}");
                let mut y = x.to_vec();
                for k in 0..y.len() {
                    y[k] ^= 1;
                    assert!(!same(x, &y), "{a}..{b}, byte {k}");
                    y[k] ^= 1;
                }
                if b < text.len() {
                    assert!(
                        !same(x, &text[a..b + 1]),
                        "{a}..{b} against one byte longer"
                    );
                }
            }
        }
    }
}
