//! The report → files the clerk hands on: the notice with its appendices as .docx (Nghị định
//! 30/2020/NĐ-CP format), the appendices as .xlsx (real numbers and percentages) and as .csv
//! (UTF-8 with BOM, formula-like cells neutralised).
//!
//! Owns file formats only: every word and figure comes from `report::notice` and
//! `report::appendix`. Runs the same natively and in the browser's worker.

pub mod csv;
pub mod docx;
pub mod packs;
pub mod xlsx;
