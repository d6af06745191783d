//! A district's run (issue #24): its units are its own offices and its communes, so an office
//! named without an administrative level ("Phòng Tư pháp") is the district's, where a province's
//! run places it in cấp tỉnh (methodology §4), and so is a unit no name rule places ("Văn phòng
//! HĐND và UBND"). Only blocks inferred from names change: a units catalogue or a block column
//! still decides.

use super::{Block, BlockSource, Unit};
use crate::text::fold_words;

/// Places the units by name for a district's run (`district`) or a province's (back as read).
pub fn place_units(units: &mut [Unit], district: bool) {
    for u in units
        .iter_mut()
        .filter(|u| matches!(u.block_source, BlockSource::Name | BlockSource::None))
    {
        let by_name = Block::from_name(&u.name).unwrap_or(Block::UNKNOWN);
        let districts =
            matches!(by_name, Block::TINH | Block::UNKNOWN) && !names_the_province(&u.name);
        u.block = if district && districts {
            Block::HUYEN
        } else {
            by_name
        };
    }
}

/// "Sở …", "… tỉnh": a provincial agency even in a district's files.
fn names_the_province(name: &str) -> bool {
    let w = fold_words(name);
    w.starts_with("so ") || w.split(' ').any(|x| x == "tinh")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(name: &str, source: BlockSource) -> Unit {
        Unit {
            name: name.into(),
            code: None,
            block: Block::from_name(name).unwrap_or(Block::UNKNOWN),
            block_source: source,
        }
    }

    #[test]
    fn offices_without_a_level_are_the_districts_in_its_run() {
        let mut units = vec![
            unit("Phòng Tư pháp", BlockSource::Name),
            unit("Văn phòng HĐND và UBND", BlockSource::None),
            unit(
                "Phòng Tài nguyên và Môi trường huyện Đồng Phú",
                BlockSource::Name,
            ),
            unit("UBND xã Tân Lập", BlockSource::Name),
            unit("Công an tỉnh", BlockSource::Name),
            unit("Sở Tư pháp", BlockSource::Name),
            unit("Phòng Nội vụ", BlockSource::Catalogue),
        ];
        units[6].block = Block::TINH;
        let blocks = |u: &[Unit]| u.iter().map(|x| x.block).collect::<Vec<_>>();
        assert_eq!(blocks(&units)[..2], [Block::TINH, Block::UNKNOWN]);
        place_units(&mut units, true);
        assert_eq!(
            blocks(&units),
            [
                Block::HUYEN,
                Block::HUYEN,
                Block::HUYEN,
                Block::XA,
                Block::TINH,
                Block::TINH,
                Block::TINH
            ]
        );
        place_units(&mut units, false);
        assert_eq!(blocks(&units)[..2], [Block::TINH, Block::UNKNOWN]);
    }
}
