//! The notice and its appendices as a Word document in the administrative format of Nghị định
//! 30/2020/NĐ-CP: A4, margins 20–25 mm top/bottom, 30–35 mm left, 15–20 mm right; Times New Roman
//! 14 pt body (13 pt header block, 12 pt "Nơi nhận" heading, 11 pt recipients); the header block
//! as a borderless two-column table (issuing body and number | Quốc hiệu, Tiêu ngữ, place and
//! date); title bold centred; body justified with a first-line indent; "Nơi nhận" left and the
//! signer right.

use crate::report::appendix::Appendix;
use crate::report::notice::{Block, Notice, Run as NRun, Table as NTable, MOTTO, NATIONAL_TITLE};
use docx_rs::*;

const FONT: &str = "Times New Roman";
/// Twentieths of a point: 1 mm = 56.7.
const MM: f64 = 56.7;
/// Text width of A4 (210 mm) less 30 mm left and 15 mm right margins.
const TEXT_WIDTH: usize = ((210.0 - 30.0 - 15.0) * MM) as usize;
/// The appendices are landscape A4 (297 mm) with 20 mm left and 15 mm right margins: their
/// tables have up to a dozen columns.
const WIDE_WIDTH: usize = ((297.0 - 20.0 - 15.0) * MM) as usize;
const RED: &str = "C00000";

fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .east_asia(FONT)
        .cs(FONT)
}

/// Sizes are in half-points (docx): 14 pt = 28. Every text of the document passes here, without
/// the control characters XML forbids (a file's cell or a setting may hold them, and Word
/// refuses a document that does).
fn run(text: &str, size: usize) -> Run {
    Run::new()
        .add_text(crate::text::printable(text))
        .size(size)
        .fonts(fonts())
}

fn para(align: AlignmentType) -> Paragraph {
    Paragraph::new()
        .align(align)
        .line_spacing(LineSpacing::new().before(0).after(0))
}

fn centred(text: &str, size: usize, bold: bool) -> Paragraph {
    let r = run(text, size);
    para(AlignmentType::Center).add_run(if bold { r.bold() } else { r })
}

fn body_runs(runs: &[NRun], size: usize) -> Paragraph {
    let mut p = para(AlignmentType::Both)
        .indent(
            None,
            Some(SpecialIndentType::FirstLine((10.0 * MM) as i32)),
            None,
            None,
        )
        .line_spacing(LineSpacing::new().before(0).after(120).line(276));
    for r in runs {
        let mut x = run(&r.text, size);
        if r.bold {
            x = x.bold();
        }
        if r.italic {
            x = x.italic();
        }
        if r.missing {
            x = x.color(RED);
        }
        p = p.add_run(x);
    }
    p
}

/// Column widths in twips from the table's relative widths, filling the text width.
fn grid(t: &NTable, width: usize) -> Vec<usize> {
    let total: usize = t
        .columns
        .iter()
        .map(|c| usize::from(c.width.max(1)))
        .sum::<usize>()
        .max(1);
    t.columns
        .iter()
        .map(|c| width * usize::from(c.width.max(1)) / total)
        .collect()
}

fn table(t: &NTable, size: usize, width: usize) -> Table {
    let widths = grid(t, width);
    let cell = |text: &str, w: usize, bold: bool, red: bool, numeric: bool| {
        let mut r = run(text, size);
        if bold {
            r = r.bold();
        }
        if red {
            r = r.color(RED);
        }
        let align = if numeric {
            AlignmentType::Right
        } else {
            AlignmentType::Left
        };
        TableCell::new()
            .add_paragraph(para(align).add_run(r))
            .width(w, WidthType::Dxa)
    };
    let head = TableRow::new(
        t.columns
            .iter()
            .zip(&widths)
            .map(|(c, &w)| cell(&c.title, w, true, false, false))
            .collect(),
    );
    let mut rows = vec![head];
    for r in &t.rows {
        // A row never breaks across pages.
        rows.push(
            TableRow::new(
                r.cells
                    .iter()
                    .zip(&widths)
                    .map(|(c, &w)| cell(&c.text, w, r.strong, r.highlight, c.value.is_some()))
                    .collect(),
            )
            .cant_split(),
        );
    }
    Table::new(rows)
        .set_grid(widths)
        .layout(TableLayoutType::Fixed)
        .width(width, WidthType::Dxa)
}

/// The header block: two borderless columns (ND 30/2020, Phụ lục I, mẫu 1.x).
fn header_block(n: &Notice) -> Table {
    let left = (TEXT_WIDTH as f64 * 0.42) as usize;
    let right = TEXT_WIDTH - left;
    let l = TableCell::new()
        .add_paragraph(centred(&n.parent_body, 26, false))
        .add_paragraph(centred(&n.issuing_body, 26, true))
        .add_paragraph(centred("───────", 26, false))
        .add_paragraph(centred(&n.number, 26, false));
    // A letter's "V/v …" under its number, 12 pt.
    let l = if n.excerpt.is_empty() {
        l
    } else {
        l.add_paragraph(centred(&n.excerpt, 24, false))
    }
    .width(left, WidthType::Dxa);
    let r = TableCell::new()
        .add_paragraph(centred(NATIONAL_TITLE, 24, true))
        .add_paragraph(centred(MOTTO, 26, true))
        .add_paragraph(centred("───────────────", 26, false))
        .add_paragraph(para(AlignmentType::Center).add_run(run(&n.place_date, 26).italic()))
        .width(right, WidthType::Dxa);
    Table::without_borders(vec![TableRow::new(vec![l, r])])
        .set_grid(vec![left, right])
        .layout(TableLayoutType::Fixed)
        .width(TEXT_WIDTH, WidthType::Dxa)
}

fn closing(n: &Notice) -> Table {
    let left = TEXT_WIDTH / 2;
    let right = TEXT_WIDTH - left;
    let mut l = TableCell::new()
        .add_paragraph(para(AlignmentType::Left).add_run(run("Nơi nhận:", 24).bold().italic()));
    for r in &n.recipients {
        l = l.add_paragraph(para(AlignmentType::Left).add_run(run(&format!("- {r}"), 22)));
    }
    let mut r = TableCell::new().add_paragraph(centred(&n.signer_title, 28, true));
    for _ in 0..4 {
        r = r.add_paragraph(centred("", 28, false));
    }
    r = r.add_paragraph(centred(&n.signer_name, 28, true));
    Table::without_borders(vec![TableRow::new(vec![
        l.width(left, WidthType::Dxa),
        r.width(right, WidthType::Dxa),
    ])])
    .set_grid(vec![left, right])
    .layout(TableLayoutType::Fixed)
    .width(TEXT_WIDTH, WidthType::Dxa)
}

fn blank() -> Paragraph {
    para(AlignmentType::Left).add_run(run("", 28))
}

/// A piece of the document, before it is known whether it goes into the notice's own section.
// A notice has a few hundred items, built once: boxing the large Paragraph would only add noise.
#[allow(clippy::large_enum_variant)]
enum Item {
    P(Paragraph),
    T(Table),
}

/// The page number, centred at the top, from the second page (Nghị định 30/2020, Điều 13.10 of
/// Phụ lục I: pages numbered from page 2).
fn page_number() -> Header {
    Header::new().add_paragraph(
        para(AlignmentType::Center)
            .add_page_num(PageNum::new())
            .size(28),
    )
}

/// The .docx bytes of the notice and the appendices.
pub fn notice(n: &Notice, appendices: &[Appendix]) -> Result<Vec<u8>, String> {
    let portrait_margin = PageMargin::new()
        .top((20.0 * MM) as i32)
        .bottom((20.0 * MM) as i32)
        .left((30.0 * MM) as i32)
        .right((15.0 * MM) as i32);
    let mut items = vec![Item::T(header_block(n)), Item::P(blank())];
    // A letter (công văn) has no title: its subject is the "V/v" line of the header block.
    if !n.title.is_empty() {
        items.extend([
            Item::P(centred(&n.title, 28, true)),
            Item::P(centred(&n.subject, 28, true)),
            Item::P(centred("───────", 28, false)),
            Item::P(blank()),
        ]);
    }
    for b in &n.body {
        match b {
            Block::Heading { text } => items.push(Item::P(
                para(AlignmentType::Both)
                    .indent(
                        None,
                        Some(SpecialIndentType::FirstLine((10.0 * MM) as i32)),
                        None,
                        None,
                    )
                    .line_spacing(LineSpacing::new().before(120).after(120))
                    .add_run(run(text, 28).bold()),
            )),
            Block::Paragraph { runs } => items.push(Item::P(body_runs(runs, 28))),
            Block::Table { table: t } => {
                items.push(Item::T(table(t, 24, TEXT_WIDTH)));
                items.push(Item::P(blank()));
            }
        }
    }
    items.push(Item::P(body_runs(
        &[NRun {
            text: n.regards.clone(),
            bold: false,
            italic: false,
            link: None,
            missing: false,
        }],
        28,
    )));
    items.push(Item::T(closing(n)));

    let base = Docx::new().default_fonts(fonts()).default_size(28);
    let mut doc = if appendices.is_empty() {
        let doc = base
            .page_size(11906, 16838)
            .page_margin(portrait_margin)
            .header(page_number())
            .first_header(Header::new());
        items.into_iter().fold(doc, |d, i| match i {
            Item::P(p) => d.add_paragraph(p),
            Item::T(t) => d.add_table(t),
        })
    } else {
        // The notice is a portrait section of its own; the appendices (the document's last
        // section) are landscape. Each section numbers its pages from its second.
        let section = items.into_iter().fold(
            // titlePg without a first-page header: the first page has none. (docx-rs 0.4.22's
            // add_section drops a first header given together with a default one.)
            Section::new()
                .page_size(PageSize::new().size(11906, 16838))
                .page_margin(portrait_margin)
                .title_pg()
                .header(page_number()),
            |sec, i| match i {
                Item::P(p) => sec.add_paragraph(p),
                Item::T(t) => sec.add_table(t),
            },
        );
        let mut doc = base
            .add_section(section)
            .page_size(16838, 11906)
            .page_orient(PageOrientationType::Landscape)
            .page_margin(
                PageMargin::new()
                    .top((20.0 * MM) as i32)
                    .bottom((20.0 * MM) as i32)
                    .left((20.0 * MM) as i32)
                    .right((15.0 * MM) as i32),
            )
            .header(page_number());
        // "Kèm theo Thông báo số …/TB-VPUBND ngày …": the number and date as the notice has them.
        let attached = format!(
            "(Kèm theo Thông báo {} {})",
            n.number.replacen("Số:", "số", 1),
            n.place_date.split_once(", ").map_or("", |(_, d)| d)
        );
        for (i, a) in appendices.iter().enumerate() {
            let size = if a.table.columns.len() > 8 { 20 } else { 22 };
            let title = centred(&a.title.to_uppercase(), 26, true);
            doc = doc
                .add_paragraph(if i > 0 {
                    title.page_break_before(true)
                } else {
                    title
                })
                .add_paragraph(para(AlignmentType::Center).add_run(run(&attached, 24).italic()))
                .add_paragraph(blank());
            if let Some(note) = &a.note {
                doc = doc.add_paragraph(para(AlignmentType::Left).add_run(run(note, 22).italic()));
            }
            doc = doc.add_table(table(&a.table, size, WIDE_WIDTH));
        }
        doc
    };
    doc = doc.default_fonts(fonts());
    pack(doc.build())
}

/// The package's parts zipped by our own writer (export::ZipOut) rather than `XMLDocx::pack`:
/// docx-rs depends on an older major version of `zip`, and its packer compiled a second zip
/// writer into the page's wasm. Same parts, order and folders as docx-rs writes, each part
/// deflated as Word itself saves them.
fn pack(x: XMLDocx) -> Result<Vec<u8>, String> {
    if x.taskpanes.is_some() || !x.custom_items.is_empty() || !x.web_extensions.is_empty() {
        // Never built by notice(); packing them would need docx-rs's folders for them too.
        return Err("task panes or custom XML in a notice".to_string());
    }
    let mut parts: Vec<(String, &[u8])> = [
        ("[Content_Types].xml", &x.content_type),
        ("_rels/.rels", &x.rels),
        ("docProps/app.xml", &x.doc_props.app),
        ("docProps/core.xml", &x.doc_props.core),
        ("docProps/custom.xml", &x.doc_props.custom),
        ("word/_rels/document.xml.rels", &x.document_rels),
        ("word/document.xml", &x.document),
        ("word/styles.xml", &x.styles),
        ("word/settings.xml", &x.settings),
        ("word/fontTable.xml", &x.font_table),
        ("word/comments.xml", &x.comments),
        ("word/numbering.xml", &x.numberings),
        ("word/commentsExtended.xml", &x.comments_extended),
        ("word/footnotes.xml", &x.footnotes),
    ]
    .into_iter()
    .map(|(name, bytes)| (name.to_string(), bytes.as_slice()))
    .collect();
    for (kind, bodies, rels) in [
        ("header", &x.headers, &x.header_rels),
        ("footer", &x.footers, &x.footer_rels),
    ] {
        for (i, body) in bodies.iter().enumerate() {
            parts.push((format!("word/{kind}{}.xml", i + 1), body));
            if let Some(rel) = rels.get(i) {
                parts.push((format!("word/_rels/{kind}{}.xml.rels", i + 1), rel));
            }
        }
    }
    let media: Vec<(String, &[u8])> = x
        .media
        .iter()
        .map(|(id, bytes)| (format!("word/media/{id}.png"), bytes.as_slice()))
        .collect();
    let mut out = Vec::new();
    let mut zip = super::ZipOut::new(&mut out, None);
    let e = |e: rawzip::Error| e.to_string();
    for dir in ["word/", "word/_rels/", "_rels/", "docProps/"] {
        zip.folder(dir).map_err(e)?;
    }
    for (name, bytes) in parts {
        zip.file(&name, bytes, true).map_err(e)?;
    }
    if !media.is_empty() {
        zip.folder("word/media/").map_err(e)?;
        for (name, bytes) in media {
            zip.file(&name, bytes, true).map_err(e)?;
        }
    }
    zip.finish().map_err(e)?;
    Ok(out)
}
