// The per-unit figures of chiso766's report (`units[]`) in plain JavaScript, fed row by row (arrays
// of cells, the header row first) by PapaParse in the benchmark page (scripts/bench/page.js).
//
// The rules are chiso766's (src/indicators/progress.rs `classify`, src/indicators/mod.rs
// `Analysis::compute`, methodology §2–3), the same as scripts/bench/figures.sql, written for the
// values the generator (`chiso766 generate`, src/sample/mod.rs) writes and only those: status as a
// code 1–10, channel 'Trực tuyến' for online, yes/no as 'Có' / 'Không', the fee as '0' or vi-VN
// thousands ('1.200.000'), dates 'dd/mm/yyyy HH:MM:SS', unique dossier ids, one code per unit name.

// The figures compared between engines, in the report's field names.
export const FIGURES = [
  'handled', 'early', 'on_time', 'late', 'within', 'overdue_processing', 'overdue',
  'online_completed', 'online_on_time', 'received', 'digitised', 'fee_due', 'paid_online',
];

const COLUMNS = {
  code: 'Mã đơn vị',
  channel: 'Kênh nộp',
  received: 'Ngày tiếp nhận',
  due: 'Ngày hẹn trả',
  finished: 'Ngày kết thúc xử lý',
  returned: 'Ngày trả kết quả',
  status: 'Trạng thái',
  digitised: 'Số hóa thành phần hồ sơ',
  fee: 'Phí, lệ phí',
  paid: 'Thanh toán trực tuyến',
};

// PapaParse 5.7.1 decodes a File chunk by chunk (10 MB each), and a character that a chunk
// boundary splits comes out as U+FFFD (mholt/PapaParse#751): in the 1,000,000-row file one
// 'Trực tuyến' does. So the text values are told apart by their ASCII letters alone, which no
// split can damage: 'Trực tuyến' is the generator's only channel with " tuy", 'Có' its only yes,
// the only one starting with "C" ('Không' is no).
const isOnline = (cell) => cell.includes(' tuy');
const isYes = (cell) => cell.charCodeAt(0) === 67; // 'C'

// 'dd/mm/yyyy …' → yyyymmdd as a number (ordered like the dates; the time is dropped: the
// methodology compares dates, never times); null for an empty cell.
function day(cell) {
  if (!cell) return null;
  return Number(cell.slice(6, 10)) * 10000 + Number(cell.slice(3, 5)) * 100 +
    Number(cell.slice(0, 2));
}

// 'YYYY-MM-DD' → yyyymmdd.
function isoDay(iso) {
  return Number(iso.replaceAll('-', ''));
}

export class Figures {
  // from, to: the period, 'YYYY-MM-DD', both days included.
  constructor(from, to) {
    this.from = isoDay(from);
    this.to = isoDay(to);
    this.col = null; // column indices, from the header row
    this.units = new Map(); // code → counts
    this.damaged = 0; // rows whose channel or yes/no cells hold U+FFFD (see isOnline)
  }

  // One row of cells; the first one is the header.
  add(cells) {
    if (!this.col) {
      this.col = {};
      for (const [key, name] of Object.entries(COLUMNS)) {
        const i = cells.indexOf(name);
        if (i < 0) throw new Error(`column "${name}" missing`);
        this.col[key] = i;
      }
      return;
    }
    // PapaParse hands a trailing empty line as one empty cell.
    if (cells.length === 1 && cells[0] === '') return;
    const c = this.col;
    const code = cells[c.code];
    let t = this.units.get(code);
    if (!t) {
      // Every unit of the file, also one whose dossiers are all excluded (listed with zeros).
      t = Object.fromEntries(FIGURES.map((f) => [f, 0]));
      this.units.set(code, t);
    }
    // Counted, not corrected (see isOnline).
    if ((cells[c.channel] + cells[c.digitised] + cells[c.paid]).includes('\uFFFD')) this.damaged++;
    const status = Number(cells[c.status]);
    // Status 1 (mới đăng ký) and 3 (không được tiếp nhận) were never received: in no figure.
    if (status === 1 || status === 3) return;
    const received = day(cells[c.received]);

    if (received >= this.from && received <= this.to) {
      t.received++;
      if (isYes(cells[c.digitised])) t.digitised++;
      if (Number(cells[c.fee].replaceAll('.', '')) > 0) {
        t.fee_due++;
        if (isYes(cells[c.paid])) t.paid_online++;
      }
    }

    if (received > this.to) return;
    const due = day(cells[c.due]);
    // NgayKetThucXuLy, or NgayTra where that is empty.
    const ended = day(cells[c.finished]) ?? day(cells[c.returned]);
    const final = status === 7 || status === 9 || status === 10;
    // A final status without any end date: left out of progress figures, never guessed.
    if (final && ended === null) return;
    if (final && ended <= this.to) {
      if (ended < this.from) return; // finished before the period
      let verdict;
      if (status === 7 || due === null) verdict = 'on_time'; // withdrawn [D], or no due date
      else if (ended < due) verdict = 'early';
      else if (ended === due) verdict = 'on_time';
      else verdict = 'late';
      t[verdict]++;
      t.handled++;
      if (verdict === 'late') t.overdue++;
      if (isOnline(cells[c.channel])) {
        t.online_completed++;
        if (verdict !== 'late') t.online_on_time++;
      }
      return;
    }
    // Open at the period's end (carried over or received in it, 2/4/5/6/8, or finished after
    // the period): overdue when due before the last day.
    t.handled++;
    if (due !== null && due < this.to) {
      t.overdue_processing++;
      t.overdue++;
    } else {
      t.within++;
    }
  }

  // [{code, ...figures}] sorted by code.
  result() {
    return [...this.units].map(([code, t]) => ({ code, ...t }))
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }
}
