import { describe, expect, it } from 'vitest';
import { csvCell, safeFileName, toCsv } from './csv';

describe('csv', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(12.5)).toBe('12.5');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(true)).toBe('true');
  });
  it('neutralises spreadsheet formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell(-1)).toBe('-1');
  });
  it('writes a BOM, a header and CRLF rows, keeping Vietnamese as it is', () => {
    const out = toCsv(
      ['code', 'name'],
      [
        ['HA-NOI', 'Thành phố Hà Nội'],
        ['X', 'a, b'],
      ],
    );
    expect(out).toBe('\uFEFFcode,name\r\nHA-NOI,Thành phố Hà Nội\r\nX,"a, b"\r\n');
  });
  it('makes safe file names', () => {
    expect(safeFileName('ƯDCQS7')).toBe('UDCQS7');
    expect(safeFileName('ĐLHQ/9 x')).toBe('DLHQ-9-x');
    expect(safeFileName('///')).toBe('export');
  });
});
