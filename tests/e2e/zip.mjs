// A .zip (and so an .xlsx) read and written in the tests, with Node's zlib alone: the entries of
// a download counted and opened, a unit's returned list filled in as a clerk would in Excel.
import { inflateRawSync, deflateRawSync, crc32 } from 'node:zlib';

// The entries of a .zip: [{name, data}] in the central directory's order.
export function readZip(bytes) {
  const buf = Buffer.from(bytes);
  let end = buf.length - 22;
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end -= 1;
  if (end < 0) throw new Error('not a zip: no end of central directory');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const entries = [];
  for (let k = 0; k < count; k++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry ${k}`);
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + size);
    entries.push({ name, data: method === 8 ? inflateRawSync(raw) : Buffer.from(raw) });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

// A .zip of [{name, data}], deflated.
export function writeZip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const body = deflateRawSync(data);
    const crc = crc32(data);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(0x0800, 6); // UTF-8 names
    head.writeUInt16LE(8, 8);
    head.writeUInt16LE(0, 10);
    head.writeUInt16LE(0x21, 12); // 1980-01-01
    head.writeUInt32LE(crc, 14);
    head.writeUInt32LE(body.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(nameBytes.length, 26);
    head.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(head, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += head.length + nameBytes.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const xmlText = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
  .replace(/&apos;/g, "'").replace(/&amp;/g, '&');

// Fills a unit's returned list (.xlsx) as a clerk would: `fill(id)` gives [reason, remedy] for a
// dossier's row (null leaves it), and `extra` rows [[id, reason, remedy]] go in the blank lines
// under the list. Returns the new workbook and the ids filled.
export function fillReplyList(xlsx, fill, extra = []) {
  const entries = readZip(xlsx);
  const get = (name) => entries.find((e) => e.name === name);
  const strings = [...(get('xl/sharedStrings.xml')?.data.toString('utf8') ?? '')
    .matchAll(/<si>([\s\S]*?)<\/si>/g)]
    .map((m) => unescape([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')));
  const sheet = get('xl/worksheets/sheet1.xml');
  const xml = sheet.data.toString('utf8');
  const value = (cell) => {
    const s = /t="s"/.test(cell) && /<v>(\d+)<\/v>/.exec(cell);
    if (s) return strings[Number(s[1])];
    const inline = /<is>[\s\S]*?<t[^>]*>([\s\S]*?)<\/t>/.exec(cell);
    return inline ? unescape(inline[1]) : null;
  };
  // Every cell by row: [{ref, col, xml}].
  const rows =
    [
      ...xml.matchAll(
        /<row [^>]*r="(\d+)"[^>]*>([\s\S]*?)<\/row>|<row [^>]*r="(\d+)"[^>]*\/>/g)].map((m) => ({
    r: Number(m[1] ?? m[3]),
    xml: m[0],
    cells: [...(m[2] ?? '').matchAll(/<c r="([A-Z]+)(\d+)"[^>]*?(?:\/>|>[\s\S]*?<\/c>)/g)].map(
      (c) => ({ col: c[1], xml: c[0] })),
  }));
  const header = rows.find((row) => row.cells.some((c) => value(c.xml) === 'Lý do quá hạn'));
  if (!header) throw new Error('no «Lý do quá hạn» column');
  const column = (title) => header.cells.find((c) => value(c.xml) === title)?.col;
  const [idCol, reasonCol, remedyCol] = [column('Mã hồ sơ'), column('Lý do quá hạn'),
    column('Biện pháp khắc phục')];
  const inline = (col, r, text, style) =>
    `<c r="${col}${r}"${style ?? ''} t="inlineStr"><is><t>${xmlText(text)}</t></is></c>`;
  const setCell = (row, col, text) => {
    const cell = row.cells.find((c) => c.col === col);
    const style = cell ? / s="\d+"/.exec(cell.xml)?.[0] : '';
    const fresh = inline(col, row.r, text, style);
    if (cell) {
      row.xml = row.xml.replace(cell.xml, fresh);
      cell.xml = fresh;
    } else {
      // Cells stay in column order: the id column comes before the ones the unit fills.
      row.xml = row.xml.replace(/(<row [^>]*?)\/>$/, '$1></row>')
        .replace(/(<row [^>]*>)/, `$1${fresh}`);
      row.cells.unshift({ col, xml: fresh });
    }
  };
  let out = xml;
  const filled = [];
  let blank = extra.slice();
  for (const row of rows.filter((x) => x.r > header.r)) {
    const before = row.xml;
    const idCell = row.cells.find((c) => c.col === idCol);
    const id = idCell && value(idCell.xml);
    if (id) {
      const answer = fill(id);
      if (!answer) continue;
      setCell(row, reasonCol, answer[0]);
      if (answer[1]) setCell(row, remedyCol, answer[1]);
      filled.push(id);
    } else if (blank.length) {
      const [eid, reason, remedy] = blank.shift();
      setCell(row, reasonCol, reason);
      if (remedy) setCell(row, remedyCol, remedy);
      setCell(row, idCol, eid);
    } else continue;
    out = out.replace(before, row.xml);
  }
  if (blank.length) throw new Error('no blank line left for the extra rows');
  sheet.data = Buffer.from(out, 'utf8');
  return { xlsx: writeZip(entries), filled };
}
