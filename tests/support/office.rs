//! LibreOffice's conversion of a .docx to PDF, shared by the tests of the notice and of the
//! units' letters: `npm test` installs LibreOffice and poppler (and sets CHISO766_REQUIRE_OFFICE);
//! elsewhere a test without them says it was skipped.

// Each test file uses part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn has(cmd: &str, flag: &str) -> bool {
    Command::new(cmd)
        .arg(flag)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether `soffice` and poppler's tools are here; without them, a test must be skipped, unless
/// CHISO766_REQUIRE_OFFICE is set (then it fails).
pub fn available() -> bool {
    if has("soffice", "--version") && has("pdftoppm", "-v") {
        return true;
    }
    assert!(
        std::env::var_os("CHISO766_REQUIRE_OFFICE").is_none(),
        "soffice and pdftoppm are required here"
    );
    eprintln!("skipped: soffice or pdftoppm not installed");
    false
}

/// `soffice --headless --convert-to pdf` of `docx` into `out_dir`; the PDF's path.
pub fn to_pdf(docx: &Path, out_dir: &Path) -> PathBuf {
    to_pdfs(&[docx.to_path_buf()], out_dir).remove(0)
}

/// The same for many documents in one run of LibreOffice (its start is most of the time).
pub fn to_pdfs(docx: &[PathBuf], out_dir: &Path) -> Vec<PathBuf> {
    std::fs::create_dir_all(out_dir).expect("dir");
    let status = Command::new("soffice")
        .args([
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            out_dir.to_str().expect("path"),
        ])
        .args(docx)
        .env("HOME", out_dir) // a profile of its own: no clash with a running office
        .output()
        .expect("soffice runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    docx.iter()
        .map(|d| {
            let pdf = out_dir
                .join(d.file_stem().expect("stem"))
                .with_extension("pdf");
            assert!(
                std::fs::metadata(&pdf).is_ok_and(|m| m.len() > 5_000),
                "a PDF was written for {}",
                d.display()
            );
            pdf
        })
        .collect()
}

/// The PDF's number of pages (`pdfinfo`).
pub fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo runs");
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the pages")
}

/// The PDF's text (`pdftotext`), lines as laid out.
pub fn text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().expect("path"), "-"])
        .output()
        .expect("pdftotext runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}
