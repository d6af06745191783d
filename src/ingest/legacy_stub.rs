//! TEMPORARY stand-in until legacy.rs lands (being written in parallel): decodes nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Legacy {
    Tcvn3,
    Vni,
}
pub fn decode(bytes: &[u8], _enc: Legacy) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
pub fn detect(_bytes: &[u8]) -> Option<Legacy> {
    None
}
