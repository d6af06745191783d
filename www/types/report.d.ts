// Generated from the Rust types by `cargo test` (src/report/typescript.rs): do not edit.
// What the page receives from the wasm: the report, a unit's scores, the labels and
// the methodology profile, as JSON.

export type Band = { label: string, min: number, };

/**
 * One block of the table below, by index; its key in JSON (a province may add blocks).
 */
export type Block = string;

/**
 * One block's sums and computed scores.
 */
export type BlockRow = { key: string, label: string, units: number, handled: number, overdue: number, on_time_rate: number | null, digitization_rate: number | null, online_payment_rate: number | null, scores: Computed, };

/**
 * Where a unit's block came from (methodology §4), as `units[].block_source` names it.
 */
export type BlockSource = "column" | "name" | "none" | "catalogue";

export type ByField = { status: number, finish_date: number, on_time: number, channel: number, paid_online: number, };

export type Cell = { text: string, 
/**
 * The number behind the text, for spreadsheets; `percent` says it is a rate 0..1.
 */
value: number | null, percent: boolean, 
/**
 * The date behind the text (ISO), for spreadsheets.
 */
date: string | null, };

export type Change = { handled: [number, number], on_time_rate: [number | null, number | null], digitization_rate: [number | null, number | null], online_payment_rate: [number | null, number | null], overdue: [number, number], };

export type Column = { title: string, 
/**
 * Relative width (sum over the columns = the page width).
 */
width: number, };

export type Comparison = { 
/**
 * The previous period: "tháng 4/2024".
 */
previous_label: string, previous_from: string, previous_to: string, province: Change, units: Array<UnitChange>, 
/**
 * The five units whose computed score rose most, and fell most (units in both periods).
 */
improved: Array<Mover>, worsened: Array<Mover>, };

export type Completed = { early: number, on_time: number, late: number, total: number, };

export type Computed = { 
/**
 * Sum of the indicators that could be computed, unrounded.
 */
total: number, 
/**
 * True when some indicator had no data: the total is then not out of `max`.
 */
partial: boolean, 
/**
 * The maximum of the indicators that were computed.
 */
max_computed: number, 
/**
 * The profile's maximum: 100 for the built-in one, more when a profile adds indicators.
 */
max: number, groups: Array<GroupScore>, };

/**
 * How sure the matching of a column to a field is.
 */
export type Confidence = "exact" | "partial" | "user";

/**
 * A compared field of a dossier found on both portals.
 */
export type DifferenceField = "status" | "finish_date" | "on_time" | "channel" | "paid_online";

/**
 * A dossier of the reconciliation: on one portal only, or on both with different values.
 */
export type DifferenceKind = "only_in_provincial" | "only_in_national" | "differs";

export type DossierDifference = { unit: string, id: string, kind: DifferenceKind, 
/**
 * The row in its file (the provincial one where it has one).
 */
row: number, fields: Array<FieldDifference>, };

export type EarlyWarning = { 
/**
 * Day D (ISO).
 */
as_of: string, 
/**
 * N: the window in working days, and its last day (ISO).
 */
working_days: number, horizon: string, 
/**
 * Holidays of the profile that the window skips (ISO), weekends aside.
 */
holidays_in_window: Array<string>, 
/**
 * Set when the profile lists no holiday in the window's year(s): the window may then count
 * a holiday as a working day.
 */
calendar_note: string | null, calendar_note_en: string | null, overdue_now: number, due_today: number, due_soon: number, 
/**
 * D's month from its first day to D: the period of the 2.1 figures below.
 */
month: PeriodOut, 
/**
 * The province's 2.1 for the month so far, and if every dossier due today or soon (before
 * the month's last day) turned overdue; the points of 2.1 that would cost.
 */
on_time_rate: number | null, projected_on_time_rate: number | null, points_lost: number | null, 
/**
 * Units with a dossier overdue now, due today or due soon: by due-soon count, then overdue
 * now, then name.
 */
units: Array<WarnedUnit>, dossiers: Array<WarnedDossier>, 
/**
 * Whether personal columns in `dossiers` are masked.
 */
masked: boolean, };

export type Explanations = { 
/**
 * Reply files read.
 */
files: number, 
/**
 * Units that replied for the period (a matched dossier of theirs, or their name above the
 * list), and their names.
 */
units_replied: number, units_replied_names: Array<string>, 
/**
 * Units with an overdue dossier in the period that sent no reply, block by block.
 */
units_pending: Array<string>, 
/**
 * Overdue dossiers of the period with a reason or a remedy.
 */
dossiers_explained: number, 
/**
 * Ids of the replies that no loaded file has.
 */
unmatched_ids: Array<string>, 
/**
 * Ids the files have that are not overdue in the period (the due-soon dossiers of a list):
 * nothing to attach a reason to.
 */
not_overdue_ids: Array<string>, 
/**
 * The day replies were asked by (ISO).
 */
deadline: string, 
/**
 * Everything not merged as it came.
 */
problems: Array<ReplyProblem>, };

export type Field = "id" | "unit" | "unit_code" | "block" | "procedure_code" | "procedure_name" | "channel" | "online_flag" | "received" | "due" | "finished" | "returned" | "status" | "digitised" | "e_result" | "reused" | "fee" | "exempt" | "paid_online" | "synced" | "data_store" | "population" | "rating" | "personal";

export type FieldDifference = { field: DifferenceField, provincial: string, national: string, };

/**
 * One notice figure from both sources, and the dossiers that make the difference: those in one
 * file only that count for it, and matched ones that count differently (in or out of its
 * denominator, or on the other side of its numerator).
 */
export type Gap = { figure: GapFigure, provincial: number | null, national: number | null, only_in_provincial: number, only_in_national: number, differing: number, 
/**
 * The ids behind the difference (at most 50).
 */
ids: Array<string>, };

/**
 * The figures whose gap between the portals is explained dossier by dossier.
 */
export type GapFigure = "online_on_time_rate" | "on_time_rate" | "online_payment_rate";

export type Group = { id: string, label: string, 
/**
 * Folded words that name this group in a national scoreboard's column header ("congkhai"
 * finds "Công khai, minh bạch"): scoreboards and notices number groups differently.
 */
scoreboard: Array<string>, indicators: Array<Indicator>, };

export type GroupScore = { id: string, label: string, points: number, max: number, partial: boolean, indicators: Array<IndicatorScore>, };

export type Indicator = { id: string, label: string, max: number, 
/**
 * The rate (0..1] that earns full points.
 */
target: number, status: Sourcing, 
/**
 * The input kind that feeds it.
 */
input: Input, 
/**
 * The named computation over loaded data (`indicators::computations`). A built-in indicator
 * may go without (it then has no figure); one the profile adds must name one.
 */
computation: string | null, 
/**
 * The blocks whose units it applies to (their keys in JSON); empty = all. A unit elsewhere
 * gets full points (methodology §1). The province and blocks are always scored.
 */
levels?: Array<Block>, 
/**
 * A remark shown on the "Cách tính" page (a choice, a disagreeing source).
 */
note?: string | null, };

export type IndicatorScore = { id: string, label: string, numerator: number | null, denominator: number | null, rate: number | null, points: number | null, max: number, target: number, 
/**
 * False where the profile says the indicator does not apply at this level (full points).
 */
applies: boolean, 
/**
 * Why there is no rate, or why the points are full without one.
 */
missing: string | null, };

/**
 * The inputs an indicator is computed from, by the keys profiles write (`Indicator.input`).
 */
export type Input = "dossiers" | "dossiers+data-store" | "dossiers+population-data" | "dossiers+procedures" | "dossiers+ratings" | "feedback" | "procedures" | "publication" | "units";

/**
 * What a file holds, as `inputs[].kind` names it.
 */
export type InputKind = "dossiers" | "national_dossiers" | "units" | "procedures" | "feedback" | "scoreboard" | "publication" | "giai_trinh" | "unknown" | "unusable";

/**
 * Every table above as `[key, label]` pairs, in the order the notice lists them.
 */
export type Labels = { blocks: Array<[string, string]>, source_kinds: Array<[string, string]>, source_formats: Array<[string, string]>, indicator_inputs: Array<[string, string]>, overdue_kinds: Array<[string, string]>, warning_kinds: Array<[string, string]>, pack_reasons: Array<[string, string]>, 
/**
 * The columns a unit's list is matched by when it comes back ("id", "reason", "remedy"):
 * the page names its columns of the replies with these.
 */
reply_columns: Array<[string, string]>, difference_kinds: Array<[string, string]>, difference_fields: Array<[string, string]>, gap_figures: Array<[string, string]>, };

export type MappedColumn = { field: Field, label: string, column: string, confidence: Confidence, };

export type Missing = { figure: MissingFigure, message: string, message_en: string, };

/**
 * What a `missing[]` entry is about: a figure without its input, or what the reader of the
 * figures must know (files of other months, names matching nothing, the national rank).
 */
export type MissingFigure = "online_on_time_rate" | "digitization_rate" | "online_payment_rate" | "periods" | "catalogue" | "feedback" | "publication" | "units_catalogue" | "period" | "dossiers" | "national";

export type Mover = { name: string, score_change: number, };

/**
 * The user's province (or unit) in the national scoreboards.
 */
export type National = { name: string, code: string, 
/**
 * "MM/YYYY" of the scoreboard used, when known.
 */
period: string | null, total: number, 
/**
 * What the total is out of: the portal's scale, 100, whatever the profile adds (the board's
 * scores are read only within 0–100; a profile's own indicators are estimated, never scored
 * by the portal).
 */
max: number, 
/**
 * Among the board's provinces (units) with a total.
 */
rank: number, 
/**
 * Every province (unit) the board lists, those without a total included.
 */
of: number, 
/**
 * The board's provinces (units) listed without a total: counted in `of`, not ranked.
 */
unscored: Array<string>, 
/**
 * The profile's band (xếp loại) of the national total.
 */
band: string | null, previous_period: string | null, previous_rank: number | null, 
/**
 * The previous board's size (its `of`).
 */
previous_of: number | null, previous_total: number | null, 
/**
 * Positive: moved up (previous rank − rank); total now − total before.
 */
rank_change: number | null, total_change: number | null, 
/**
 * The locally computed total, and national − computed.
 */
computed_total: number, computed_partial: boolean, difference: number, groups: Array<NationalGroup>, };

export type NationalGroup = { id: string, name: string, max: number, points: number | null, computed: number, computed_partial: boolean, difference: number | null, };

/**
 * The whole draft: header block, title, body, closing.
 */
export type Notice = { parent_body: string, issuing_body: string, number: string, 
/**
 * A letter's (công văn) summary line under its number, "V/v …"; a notice has none.
 */
excerpt: string, place_date: string, 
/**
 * "THÔNG BÁO"; a letter has no title (Nghị định 30/2020: công văn).
 */
title: string, subject: string, body: Array<NoticeBlock>, regards: string, recipients: Array<string>, signer_title: string, signer_name: string, };

export type NoticeBlock = { "kind": "heading", text: string, } | { "kind": "paragraph", runs: Array<Run>, } | { "kind": "table", table: Table, };

export type OverdueDossier = { unit: number, unit_name: string, id: string, row: number, procedure: string, received: string, due: string | null, ended: string | null, status: number, kind: OverdueKind, days_late: number, personal: Array<[string, string]>, 
/**
 * The unit's reply: why it was late and what it does about it (null: no reply says).
 */
reason: string | null, remedy: string | null, };

/**
 * How a dossier is overdue (notice I.4).
 */
export type OverdueKind = "completed_late" | "processing_overdue";

export type OverdueSummary = { units_with_overdue: number, more_than: number, units_over_threshold: number, total: number, rate: number | null, units_with_overdue_names: Array<string>, units_over_threshold_names: Array<string>, };

export type Payment = { near_zero_threshold: number, units_near_zero: number, units_near_zero_by_block: { [key in string]: number }, units_near_zero_names: Array<string>, threshold: number, units_below: number, units_below_by_block: { [key in string]: number }, units_below_names: Array<string>, 
/**
 * Units without the rate (no dossiers in its denominator): not counted below.
 */
units_without_rate: number, };

export type PeriodOut = { from: string, to: string, label: string, };

/**
 * A problem in one cell or row: reported, and the rest of the file still analysed.
 */
export type Problem = { 
/**
 * 1-based line in the file (CSV) or row in the sheet (xlsx), as the user's program shows it.
 */
row: number | null, column: string | null, message: string, message_en: string, };

export type Processing = { within: number, overdue: number, total: number, };

export type Profile = { id: string, label: string, thresholds: Thresholds, bands: Array<Band>, groups: Array<Group>, 
/**
 * Days off besides Saturdays and Sundays (ISO dates: Tết, national holidays), which the
 * early warning does not count as working days. A profile file without them has none.
 */
holidays: Array<string>, };

export type Province = { handled: number, completed: Completed, processing: Processing, on_time_rate: number | null, 
/**
 * Points of indicator 2.1 under the profile.
 */
on_time_points: number | null, on_time_max: number, online_completed: number, online_on_time: number, online_on_time_rate: number | null, online_late_rate: number | null, overdue: number, overdue_rate: number | null, received: number, digitised: number, digitization_rate: number | null, fee_due: number, paid_online: number, online_payment_rate: number | null, 
/**
 * Dossiers left out of progress figures (unreadable dates or status): see inputs[].problems.
 */
without_progress: number, };

export type PublicationLine = { row: number, agency: string, content: string, dispatch: string, deadline: string | null, submitted: string | null, published: string | null, 
/**
 * Submitted by the deadline (1.1), published by it (1.2).
 */
on_time: boolean, published_on_time: boolean, 
/**
 * Days after the deadline it was submitted (or, not submitted, until the period's end).
 */
days_late: number | null, };

export type Reconciliation = { only_in_provincial: number, only_in_national: number, matched: number, 
/**
 * Matched dossiers with at least one differing field.
 */
differing: number, by_field: ByField, provincial: Side, national: Side, units: Array<UnitDifferences>, dossiers: Array<DossierDifference>, 
/**
 * Each notice figure's difference, explained by dossiers.
 */
gaps: Array<Gap>, };

export type ReplyProblem = { file: string, row: number | null, id: string | null, message: string, message_en: string, };

export type Report = { tool: Tool, period: PeriodOut, inputs: Array<SourceInfo>, province: Province, overdue: OverdueSummary, digitization: Threshold, online_payment: Payment, scores: Scores, 
/**
 * The user's province in the national scoreboard, when one is loaded and the province named.
 */
national: National | null, 
/**
 * The provincial export against a DVCQG export of the same period, when one is loaded.
 */
reconciliation: Reconciliation | null, 
/**
 * The period against the one before, when the dossiers reach into it.
 */
comparison: Comparison | null, 
/**
 * Open dossiers overdue now, due today or due soon on a day D (`--as-of`), per unit.
 */
early_warning?: EarlyWarning | null, blocks: Array<BlockRow>, units: Array<UnitRow>, 
/**
 * Units whose block could not be found from a column or their name (methodology §4).
 */
unplaced_units: Array<string>, 
/**
 * Figures that could not be computed, and which column would provide them.
 */
missing: Array<Missing>, overdue_dossiers: Array<OverdueDossier>, 
/**
 * The units' replies matched to the overdue dossiers, when any reply file is loaded.
 */
explanations?: Explanations | null, 
/**
 * Whether personal columns in `overdue_dossiers` are masked.
 */
masked: boolean, 
/**
 * Publication tracking lines due in the period (notice I.5), and whether a file was loaded.
 */
publication: Array<PublicationLine>, publication_loaded: boolean, 
/**
 * The notice draft, as a document (the page's preview, the .docx) and as plain text.
 */
notice: Notice, notice_text: string, };

/**
 * A stretch of text; figures are bold and may link to the table behind them.
 */
export type Run = { text: string, bold: boolean, italic: boolean, 
/**
 * The id of the page element that shows the rows behind this figure.
 */
link: string | null, 
/**
 * A placeholder for data that is not loaded.
 */
missing: boolean, };

export type Scores = { profile: string, computed: Computed, 
/**
 * The profile's band (xếp loại) of the computed total, when it is complete.
 */
band: string | null, };

/**
 * One source's notice figures.
 */
export type Side = { dossiers: number, handled: number, online_completed: number, online_on_time_rate: number | null, on_time_rate: number | null, overdue: number, digitization_rate: number | null, online_payment_rate: number | null, };

/**
 * How a file's table is stored.
 */
export type SourceFormat = "csv" | "xlsx" | "xls" | "ods" | "html";

/**
 * What was understood of one file, shown to the user and written to `inputs[]`.
 */
export type SourceInfo = { path: string, kind: InputKind, format: SourceFormat, 
/**
 * Dossiers taken from this file (after skipping unusable rows and duplicates).
 */
rows: number, 
/**
 * The text's encoding, detected or chosen (its name; "" for a workbook).
 */
encoding: string, 
/**
 * The delimiter sniffed (as text; "" for a workbook).
 */
delimiter: string, 
/**
 * The sheet read, and all the workbook's sheets (xlsx).
 */
sheet: string | null, sheets: Array<string>, header_row: number, 
/**
 * Every header cell, in order (for the mapping screen).
 */
columns: Array<string>, mapping: Array<MappedColumn>, 
/**
 * For inputs other than dossiers: (what the column was read as, its header).
 */
read_as: Array<[string, string]>, personal_columns: Array<string>, skipped_rows: number, duplicates: number, 
/**
 * Rows kept but left out of progress figures (unreadable status or dates).
 */
rows_without_progress: number, 
/**
 * Rows repeating the header in the middle of the file (exports joined): skipped quietly.
 */
header_repeats: number, warnings: Array<string>, 
/**
 * Required fields more than one column could hold: (field, the columns), the first taken.
 */
ambiguous: Array<[Field, Array<string>]>, problems: Array<Problem>, problems_total: number, };

/**
 * Where an indicator's definition comes from.
 */
export type Sourcing = "C" | "D";

/**
 * A table of the notice or of an appendix: cells as shown, with their value for spreadsheets.
 */
export type Table = { columns: Array<Column>, rows: Array<TableRow>, };

export type TableRow = { cells: Array<Cell>, 
/**
 * Below a threshold, late: shown in red.
 */
highlight: boolean, 
/**
 * A group or total line: bold.
 */
strong: boolean, };

export type Threshold = { threshold: number, units_below: number, units_below_by_block: { [key in string]: number }, units_below_names: Array<string>, 
/**
 * Units without the rate (no dossiers in its denominator): not counted below.
 */
units_without_rate: number, };

/**
 * What the notice highlights (methodology §6); all settings.
 */
export type Thresholds = { digitization_below: number, online_payment_below: number, online_payment_near_zero: number, overdue_more_than: number, 
/**
 * The early warning's window: an open dossier due within this many working days after the
 * day it is run for is "sắp đến hạn" (issue #24; 3 by default).
 */
due_soon_working_days: number, };

export type Tool = { name: string, version: string, };

export type UnitChange = { name: string, block: Block, 
/**
 * The computed score, and the rank within the block, before and now.
 */
score: [number | null, number | null], rank_in_block: [number | null, number | null], handled: [number, number], on_time_rate: [number | null, number | null], digitization_rate: [number | null, number | null], online_payment_rate: [number | null, number | null], overdue: [number, number], };

export type UnitDifferences = { name: string, only_in_provincial: number, only_in_national: number, differing: number, };

export type UnitRow = { index: number, name: string, code: string | null, block: Block, block_source: BlockSource, handled: number, early: number, on_time: number, late: number, within: number, overdue_processing: number, overdue: number, on_time_rate: number | null, online_completed: number, online_on_time: number, online_on_time_rate: number | null, received: number, digitised: number, digitization_rate: number | null, fee_due: number, paid_online: number, online_payment_rate: number | null, scores: UnitScores | null, };

/**
 * A unit's scores, its rank within its block, and what it would take to improve.
 */
export type UnitScores = { total: number, max_computed: number, 
/**
 * The profile's maximum, as `Computed::max`.
 */
max: number, partial: boolean, 
/**
 * Standard competition ranking (1, 2, 2, 4) on the unrounded total, within the unit's block.
 */
rank_in_block: number, of_in_block: number, band: string | null, groups: Array<GroupScore>, what_if: Array<WhatIf>, };

export type WarnedDossier = { unit: number, unit_name: string, id: string, row: number, procedure: string, 
/**
 * ISO dates.
 */
received: string, due: string, status: number, kind: WarningKind, 
/**
 * Calendar days from D to the due date (negative: days overdue).
 */
days_left: number, 
/**
 * Working days from D to the due date (due soon only).
 */
working_days_left: number | null, personal: Array<[string, string]>, };

export type WarnedUnit = { 
/**
 * The unit's index in the store (as `units[].index`).
 */
index: number, name: string, block: Block, due_soon: number, due_today: number, overdue_now: number, on_time_rate: number | null, projected_on_time_rate: number | null, points_lost: number | null, };

/**
 * Where an open dossier stands on day D.
 */
export type WarningKind = "overdue_now" | "due_today" | "due_soon";

/**
 * How many more successes of one kind reach a threshold or full points, and the points it brings.
 */
export type WhatIf = { indicator: string, label: string, success: string, rate: number, steps: Array<WhatIfStep>, };

export type WhatIfStep = { 
/**
 * The rate to reach: a notice threshold, or the target for full points.
 */
rate: number, full_points: boolean, more: number, points_gain: number, };
