// CSV export: RFC 4180 quoting, CRLF line ends and a UTF-8 byte-order mark, so that
// spreadsheet programs open Vietnamese names correctly.

export type Cell = string | number | boolean | null | undefined;

/** csvCell quotes a value when it holds a comma, quote, CR or LF, and neutralises leading
 * =, +, - and @ in text so that a spreadsheet does not run it as a formula. */
export function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [header.map(csvCell).join(',')];
  for (const r of rows) lines.push(r.map(csvCell).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** safeFileName turns a code into something every file system accepts. */
export function safeFileName(s: string): string {
  const ascii = s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return ascii || 'export';
}
