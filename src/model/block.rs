//! Blocks (khối) the notice groups units into, and inferring a unit's block from its name
//! (methodology §4).
//!
//! The blocks are a table, not logic spread through code: after the 2025 reform only sở/ban/ngành
//! and xã/phường remain, and a province may add its own.

use crate::text::fold_words;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One block of the table below, by index; its key in JSON (a province may add blocks).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(test, derive(ts_rs::TS), ts(type = "string"))]
pub struct Block(pub u8);

pub struct BlockDef {
    /// Stable key in JSON and settings.
    pub key: &'static str,
    /// As the notice names it ("cấp tỉnh có 03 đơn vị").
    pub label: &'static str,
    /// Folded values of a block/level column that mean this block.
    pub column_values: &'static [&'static str],
    /// Folded name prefixes (or, with a leading '*', infixes) that place a unit in this block.
    pub name_patterns: &'static [&'static str],
}

/// In the order the notice lists them. Patterns are tried block by block in `INFERENCE_ORDER`,
/// so the specific "chi nhánh văn phòng đăng ký đất đai huyện …" wins over "… huyện …".
pub const BLOCKS: [BlockDef; 5] = [
    BlockDef {
        key: "tinh",
        label: "cấp tỉnh",
        column_values: &["tinh", "cap tinh", "so ban nganh", "cap so", "so nganh"],
        name_patterns: &[
            "so ",
            "ban ",
            "van phong ubnd tinh",
            "van phong uy ban nhan dan tinh",
            "cong an tinh",
            "bo chi huy quan su tinh",
            "bao hiem xa hoi tinh",
            "cuc ",
            "thanh tra tinh",
            "van phong dang ky dat dai tinh",
            "trung tam phuc vu hanh chinh cong tinh",
            "ubnd tinh",
            "uy ban nhan dan tinh",
            "kho bac nha nuoc tinh",
            "dien luc",
        ],
    },
    BlockDef {
        key: "huyen",
        label: "cấp huyện",
        column_values: &["huyen", "cap huyen", "quan", "cap quan"],
        name_patterns: &[
            "ubnd huyen",
            "ubnd quan",
            "ubnd thi xa",
            "ubnd thanh pho",
            "uy ban nhan dan huyen",
            "uy ban nhan dan quan",
            "uy ban nhan dan thi xa",
            "uy ban nhan dan thanh pho",
            "huyen ",
            "quan ",
            "thi xa ",
            "thanh pho ",
            "ubnd tp ",
            "ubnd tx ",
        ],
    },
    BlockDef {
        key: "xa",
        label: "cấp xã",
        column_values: &[
            "xa",
            "cap xa",
            "xa phuong",
            "xa phuong thi tran",
            "phuong",
            "thi tran",
        ],
        name_patterns: &[
            "ubnd xa",
            "ubnd phuong",
            "ubnd thi tran",
            "uy ban nhan dan xa",
            "uy ban nhan dan phuong",
            "uy ban nhan dan thi tran",
            "xa ",
            "phuong ",
            "thi tran ",
            "ubnd tt ",
        ],
    },
    BlockDef {
        key: "chi_nhanh",
        label: "Chi nhánh Văn phòng đăng ký đất đai",
        column_values: &[
            "chi nhanh",
            "chi nhanh van phong dang ky dat dai",
            "chi nhanh vpdkdd",
        ],
        name_patterns: &[
            "chi nhanh van phong dang ky dat dai",
            "chi nhanh vpdk",
            "*chi nhanh van phong dang ky dat dai",
            "*dat dai chi nhanh",
        ],
    },
    BlockDef {
        key: "khong_xac_dinh",
        label: "chưa xác định khối",
        column_values: &[],
        name_patterns: &[],
    },
];

/// Most specific first: "chi nhánh …", then "ubnd thị xã" (huyện) before "xã …", then tỉnh.
const INFERENCE_ORDER: [u8; 4] = [3, 1, 2, 0];

impl Block {
    pub const TINH: Block = Block(0);
    pub const HUYEN: Block = Block(1);
    pub const XA: Block = Block(2);
    pub const CHI_NHANH: Block = Block(3);
    pub const UNKNOWN: Block = Block(4);

    pub fn def(self) -> &'static BlockDef {
        &BLOCKS[self.0 as usize]
    }

    pub fn key(self) -> &'static str {
        self.def().key
    }

    pub fn label(self) -> &'static str {
        self.def().label
    }

    pub fn all() -> impl Iterator<Item = Block> {
        (0..BLOCKS.len() as u8).map(Block)
    }

    /// A value of a block/level column ("Cấp huyện", "Xã").
    pub fn from_column(value: &str) -> Option<Block> {
        let v = fold_words(value);
        Block::all().find(|b| b.def().column_values.contains(&v.as_str()))
    }

    /// Infers the block from the unit's name, e.g. "UBND thị xã Bình Long" → cấp huyện.
    pub fn from_name(name: &str) -> Option<Block> {
        let n = fold_words(name).replace("dang ky dat dai chi nhanh", "dat dai chi nhanh");
        let n = ["bo phan mot cua ", "bo phan tiep nhan va tra ket qua "]
            .iter()
            .fold(n.as_str(), |n, p| n.strip_prefix(p).unwrap_or(n));
        // A department, board or office ("Phòng …", "Ban …", "Đội …") belongs where the
        // administrative level its name ends with says: "… huyện X" is cấp huyện,
        // "… Công an tỉnh" cấp tỉnh.
        const OFFICES: [&str; 6] = ["phong ", "ban ", "doi ", "chi cuc ", "trung tam ", "hat "];
        if OFFICES.iter().any(|p| n.starts_with(p)) && !n.contains("chi nhanh") {
            return Some(last_level_word(n).unwrap_or(Block::TINH));
        }
        INFERENCE_ORDER.iter().map(|&i| Block(i)).find(|b| {
            b.def()
                .name_patterns
                .iter()
                .any(|p| match p.strip_prefix('*') {
                    Some(infix) => n.contains(infix),
                    None => n.starts_with(p) || n == p.trim_end(),
                })
        })
    }
}

/// The block named by the last administrative word of a name ("… - Công an tỉnh", "… thị xã
/// Bình Long"). Folded words are ambiguous: "xã hội" is not a xã, "quản lý" not a quận.
fn last_level_word(n: &str) -> Option<Block> {
    let w: Vec<&str> = n.split(' ').collect();
    let mut found = None;
    for i in 0..w.len() {
        let next = w.get(i + 1).copied().unwrap_or("");
        let level = match w[i] {
            "tinh" => Some(Block::TINH),
            "huyen" => Some(Block::HUYEN),
            "thanh" if next == "pho" => Some(Block::HUYEN),
            "thi" if next == "xa" => Some(Block::HUYEN),
            "thi" if next == "tran" => Some(Block::XA),
            "xa" if i > 0 && w[i - 1] == "thi" => None, // counted at "thi"
            "xa" if next != "hoi" => Some(Block::XA),
            "phuong" => Some(Block::XA),
            _ => None,
        };
        if level.is_some() {
            found = level;
        }
    }
    found
}

impl Serialize for Block {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

/// By key (a profile's `levels`); an unknown one is refused with the blocks there are.
impl<'de> Deserialize<'de> for Block {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Block, D::Error> {
        let key = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Block::all().find(|b| b.key() == key).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "khối «{key}» không có (tinh, huyen, xa, chi_nhanh) / unknown block"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_place_units_in_blocks() {
        let cases = [
            ("Sở Tư pháp", Block::TINH),
            ("Ban Quản lý Khu kinh tế", Block::TINH),
            ("UBND huyện Đồng Phú", Block::HUYEN),
            ("UBND thị xã Bình Long", Block::HUYEN),
            ("UBND thành phố Đồng Xoài", Block::HUYEN),
            ("Ủy ban nhân dân huyện Lộc Ninh", Block::HUYEN),
            ("UBND xã Tân Lập", Block::XA),
            ("UBND phường Tân Bình", Block::XA),
            ("UBND thị trấn Tân Phú", Block::XA),
            (
                "Chi nhánh Văn phòng đăng ký đất đai huyện Đồng Phú",
                Block::CHI_NHANH,
            ),
            (
                "Văn phòng đăng ký đất đai tỉnh - Chi nhánh Văn phòng đăng ký đất đai Bù Đăng",
                Block::CHI_NHANH,
            ),
            // Offices take the last administrative level of their name.
            (
                "Phòng Cảnh sát quản lý hành chính về trật tự xã hội - Công an tỉnh",
                Block::TINH,
            ),
            ("Ban Chỉ huy quân sự huyện Lộc Ninh", Block::HUYEN),
            (
                "Phòng Tài nguyên và Môi trường thị xã Bình Long",
                Block::HUYEN,
            ),
            ("UBND TP. Đồng Xoài", Block::HUYEN),
            ("UBND TX Bình Long", Block::HUYEN),
            (
                "Văn phòng Đăng ký đất đai - Chi nhánh Bù Đăng",
                Block::CHI_NHANH,
            ),
            (
                "Bộ phận tiếp nhận và trả kết quả UBND huyện Đồng Phú",
                Block::HUYEN,
            ),
        ];
        for (name, block) in cases {
            assert_eq!(Block::from_name(name), Some(block), "{name}");
        }
    }

    #[test]
    fn column_values_name_blocks() {
        assert_eq!(Block::from_column("Cấp huyện"), Some(Block::HUYEN));
        assert_eq!(Block::from_column("XÃ"), Some(Block::XA));
        assert_eq!(Block::from_column("Tỉnh"), Some(Block::TINH));
        assert_eq!(Block::from_column("?"), None);
    }
}
