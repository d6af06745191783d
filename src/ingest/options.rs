//! What the user chose for a file: an encoding, a sheet, column corrections, and the small
//! mapping file that carries them between the page and the command line.

use super::decode::Encoding;
use super::rows::Corrections;
use crate::messages::{self, Text};
use serde::Serialize;

/// Choices for one file: an encoding or sheet the user picked, and column corrections.
#[derive(Clone, Debug, Default)]
pub struct FileOptions {
    pub encoding: Option<Encoding>,
    pub sheet: Option<String>,
    pub corrections: Corrections,
}

/// A confirmed mapping as a small file: saved on the machine by the page, exported and imported,
/// and read by the command line (`--mapping FILE`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct MappingFile {
    /// Always "chiso766-mapping".
    pub kind: String,
    pub encoding: Option<String>,
    pub sheet: Option<String>,
    #[serde(flatten)]
    pub corrections: Corrections,
}

impl MappingFile {
    pub const KIND: &'static str = "chiso766-mapping";

    pub fn parse(json: &str) -> Result<FileOptions, Text> {
        let m: MappingFile =
            serde_json::from_str(json).map_err(|e| messages::bad_mapping_file(&e.to_string()))?;
        if m.kind != Self::KIND {
            return Err(messages::bad_mapping_file("kind ≠ chiso766-mapping"));
        }
        let encoding = match &m.encoding {
            Some(name) => Some(
                Encoding::from_name(name)
                    .ok_or_else(|| messages::bad_mapping_file(&format!("encoding {name}")))?,
            ),
            None => None,
        };
        Ok(FileOptions {
            encoding,
            sheet: m.sheet,
            corrections: m.corrections,
        })
    }
}
