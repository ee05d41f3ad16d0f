// User text written as a value: the one rule every writer of user text follows (the hosts'
// owned sheets, the template, the command line), so "=HYPERLINK(...)" or "2027-03" typed as a
// name stays exactly that text in Excel and Sheets alike.
import type { CellValue } from './cells';

const CURRENCY_OR_NUMBER = /^[+-]?\s*[$€£¥]?\s*[+-]?[\d.,\s]*\d[\d.,\s]*%?\s*$/;
const DATE_OR_TIME = /^\s*\d{1,4}\s*([-/.:]\s*\d{1,4}\s*){1,2}(\s*[ap]m?)?\s*$/i;
const MONTH_WITH_NUMBER = /(^|[^a-z])(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?[\s\-/,]*\d|\d[\s\-/,]*(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)/i;

/**
 * A cell of user text made safe to write as a value: text a host would read as a formula, a
 * number, a date, TRUE/FALSE or an error code gets a leading apostrophe, which both Excel and
 * Sheets take as "this is text" and do not show. Other values come back unchanged.
 */
export function asTextCell(value: CellValue): CellValue {
  if (typeof value !== 'string' || value === '') return value;
  const t = value.trim();
  const risky =
    /^[=+\-@']/.test(value) ||
    CURRENCY_OR_NUMBER.test(value) ||
    DATE_OR_TIME.test(value) ||
    MONTH_WITH_NUMBER.test(t) ||
    /^(true|false)$/i.test(t) ||
    /^#[A-Z0-9/]+[!?A]?$/i.test(t);
  return risky ? `'${value}` : value;
}
