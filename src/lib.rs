//! chiso766: the 766 index from a province's dossier exports, computed on the user's machine.
//!
//! The data flows through the modules in this order:
//! bytes → [`ingest`] (decode, sniff, header, values) → [`model`] (typed dossiers in a column
//! store) → [`indicators`] (counts and rates per unit) → [`report`] (figures, notice, appendices,
//! charts) → [`export`] (.docx, .xlsx, .csv).
//! [`profile`] holds the methodology as data; [`messages`] every sentence a user reads about her
//! data; [`sample`] generates realistic synthetic data. The core has no wasm or DOM types: the
//! browser facade is [`wasm`] (wasm32 only), the command line is `src/main.rs` with [`cli`].

pub mod export;
pub mod indicators;
pub mod ingest;
pub mod keys;
pub mod messages;
pub mod model;
pub mod profile;
pub mod report;
pub mod sample;
pub mod text;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
