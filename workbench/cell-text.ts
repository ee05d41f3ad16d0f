// What a cell shows in the workbench's grid: its value in its number format, as Excel would
// display it (numfmt, MIT: Excel's format language, dates as serial numbers on Excel's 1900
// system), with the colour a format section may ask for ([Red]) and Excel's alignment (numbers
// right, text left, TRUE/FALSE and errors centred). Given the column's width, a number is fitted
// as Excel fits it: in General, fewer decimals (then 1.2E+07); in any other format, #### when it
// does not fit. Text is never cut here (it runs over empty neighbours in the grid).
import { format, formatColor } from 'numfmt';
import type { CellData } from '../xlsx/memory-workbook';
import { isSheetError } from '../core/values/errors';
import { PADDING_PX, pxToWidth } from '../xlsx/layout-to-xlsx';

export type CellKind = 'blank' | 'number' | 'text' | 'boolean' | 'error';

export interface CellDisplay {
  /** The text the cell shows. */
  readonly text: string;
  readonly kind: CellKind;
  /** A colour the number format picks for this value ('#ff0000'), else undefined. */
  readonly color?: string;
  /** For an error value: the core's message (why), else undefined. */
  readonly message?: string;
}

/** What numfmt shows for a date or time Excel cannot show (before 1900-01-00, after 9999-12-31, negative times). */
const DATE_OVERFLOW = '######';
// Excel's date bounds, not Google Sheets' wider ones, and no plain number in their place.
const OPTIONS = { locale: 'en-US', throws: true, dateSpanLarge: false, dateErrorNumber: false, overflow: DATE_OVERFLOW } as const;

/** Format colours by name as Excel draws them (numfmt gives the name as written: [Red], [Blue] ...). */
const NAMED: Readonly<Record<string, string>> = {
  black: '#000000',
  blue: '#0000ff',
  cyan: '#00ffff',
  green: '#00ff00',
  magenta: '#ff00ff',
  red: '#ff0000',
  white: '#ffffff',
  yellow: '#ffff00',
};

/** A number in a format; General when the format is one numfmt cannot read. */
export function formatNumber(value: number, pattern: string | null): string {
  const p = pattern ?? 'General';
  try {
    return format(p, value, OPTIONS);
  } catch {
    return format('General', value, OPTIONS);
  }
}

function colourOf(pattern: string, value: unknown): string | undefined {
  try {
    const c = formatColor(pattern, value, { throws: false });
    if (typeof c !== 'string' || c === '') return undefined;
    return NAMED[c.toLowerCase()] ?? (/^#?[0-9a-f]{6}$/i.test(c) ? `#${c.replace('#', '').toLowerCase()}` : undefined);
  } catch {
    return undefined;
  }
}

/** Characters a column of `widthPx` pixels holds (its .xlsx width, whole); #### fills it that way. */
export function charsIn(widthPx: number): number {
  return Math.max(1, Math.floor(pxToWidth(widthPx)));
}

/** The width of a number's text in Calibri 11, near enough: digits 7 px, separators narrower. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    if (/[0-9#$]/.test(ch)) w += 7;
    else if (/[.,:;' ]/.test(ch)) w += 3.5;
    else if (ch === '-' || ch === '(' || ch === ')') w += 4.5;
    else if (ch === '%') w += 10;
    else if (/[A-Z]/.test(ch)) w += 8;
    else w += 7;
  }
  return w;
}

const fits = (text: string, widthPx: number) => textWidth(text) <= widthPx - PADDING_PX;

/** Excel's exponent spelling: 1.5E+05, 1.23E-07. */
function exponential(v: number, digits: number): string {
  const [mantissa, exp] = v.toExponential(digits).split('e');
  const m = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  const sign = exp.startsWith('-') ? '-' : '+';
  return `${m}E${sign}${exp.replace(/^[+-]/, '').padStart(2, '0')}`;
}

/** A number in General as Excel shows it in a column of widthPx: fewer decimals, then 1.2E+07; #'s when nothing fits. */
export function fitGeneral(v: number, widthPx: number): string {
  const plain = formatNumber(v, null);
  if (fits(plain, widthPx)) return plain;
  const abs = Math.abs(v);
  if (abs >= 1e-4) {
    for (let decimals = Math.min(20, plain.length); decimals >= 0; decimals--) {
      let s = v.toFixed(decimals);
      if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
      if (Number(s) === 0) break;
      if (fits(s, widthPx)) return s;
    }
  }
  for (let d = 14; d >= 0; d--) {
    const s = exponential(v, d);
    if (fits(s, widthPx)) return s;
  }
  return '#'.repeat(charsIn(widthPx));
}

/** The text, kind and format colour of a cell as the grid shows it, fitted to a column of widthPx when given. */
export function displayCell(cell: Pick<CellData, 'value' | 'format'>, widthPx?: number): CellDisplay {
  const v = cell.value;
  if (v === null) return { text: '', kind: 'blank' };
  if (typeof v === 'number') {
    const color = cell.format ? colourOf(cell.format, v) : undefined;
    let text = formatNumber(v, cell.format);
    if (text === DATE_OVERFLOW && widthPx !== undefined) text = '#'.repeat(charsIn(widthPx));
    else if (widthPx !== undefined && !fits(text, widthPx)) {
      text = cell.format === null || /^general$/i.test(cell.format) ? fitGeneral(v, widthPx) : '#'.repeat(charsIn(widthPx));
    }
    return { text, kind: 'number', ...(color ? { color } : {}) };
  }
  if (typeof v === 'boolean') return { text: v ? 'TRUE' : 'FALSE', kind: 'boolean' };
  if (isSheetError(v)) return { text: v.code, kind: 'error', message: v.message };
  // Text shows as it is, unless the format has a text section ("@"), which dresses it.
  if (cell.format && cell.format.includes('@')) {
    try {
      return { text: format(cell.format, v, OPTIONS), kind: 'text' };
    } catch {
      return { text: v, kind: 'text' };
    }
  }
  return { text: v, kind: 'text' };
}
