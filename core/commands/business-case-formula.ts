// The panel's "Business case" command, as pure planning: from the form and the selection to the
// formula to insert, and the check that inserting it loses nothing. Host adapters do the one
// read and the one write around it.
import { CellValue, isEmptyCell } from '../values/cells';
import { parseNumberText } from '../values/coerce';
import { RangeRef, blockAt, formatRange, parseRange, quoteSheet, rangeSize } from '../values/a1';
import { HostKind, hostFunctionName } from '../catalogue/spec';
import { BUSINESS_CASE_LABELS } from '../finance/business-case';

export interface BusinessCaseForm {
  /** A rate (8%, 0.08) or a cell holding it. */
  readonly rate: string;
  readonly costs: string;
  readonly benefits: string;
  readonly financeRate?: string;
  readonly reinvestRate?: string;
}

export type FormField = keyof BusinessCaseForm | 'target';

export interface InsertRequest {
  readonly form: BusinessCaseForm;
  /** The person agreed to write over the cells the table needs. */
  readonly overwrite: boolean;
}

export type InsertResponse =
  | { readonly status: 'inserted'; readonly address: string; readonly formula: string }
  | { readonly status: 'confirm'; readonly message: string }
  | { readonly status: 'invalid'; readonly field: FormField; readonly message: string };

export interface InsertPlan {
  readonly formula: string;
  /** The cell the formula goes in. */
  readonly target: RangeRef;
  /** The cells the spilled table will take. */
  readonly spill: RangeRef;
}

/** Rows and columns of BUSINESSCASE's spilled table. */
export const BUSINESS_CASE_SIZE = { rows: BUSINESS_CASE_LABELS.length, cols: 2 };

type Invalid = Extract<InsertResponse, { status: 'invalid' }>;
const invalid = (field: FormField, message: string): Invalid => ({ status: 'invalid', field, message });

/** A rate field as formula text: a number literal, or a reference; undefined when blank. */
function rateArgument(field: FormField, text: string | undefined, targetSheet: string | undefined, required: boolean): string | Invalid | undefined {
  const t = (text ?? '').trim();
  if (t === '') return required ? invalid(field, 'Enter a rate such as 8% or a cell that holds it.') : undefined;
  const n = parseNumberText(t);
  // 15 significant digits drop the binary noise of the percent division (1.1% is 0.011, not
  // 0.011000000000000001) and keep every digit a person can type.
  if (n !== undefined) return String(Number(n.toPrecision(15)));
  const ref = parseRange(t);
  if (!ref) return invalid(field, `"${t}" is neither a rate such as 8% nor a cell reference.`);
  const { rows, cols } = rangeSize(ref);
  if (rows * cols !== 1) return invalid(field, 'A rate is a single cell, not a range.');
  return referenceText(ref, targetSheet);
}

function referenceText(ref: RangeRef, targetSheet: string | undefined): string {
  return formatRange(ref, ref.sheet !== undefined && ref.sheet !== targetSheet);
}

function flowRange(field: 'costs' | 'benefits', text: string): RangeRef | Invalid {
  const t = text.trim();
  if (t === '') return invalid(field, `Select the ${field} per period and press "Use selection".`);
  const ref = parseRange(t);
  if (!ref) return invalid(field, `"${t}" is not a range reference.`);
  const { rows, cols } = rangeSize(ref);
  if (rows > 1 && cols > 1) return invalid(field, `The ${field} must be one row or one column of periods.`);
  return ref;
}

const isInvalid = (x: unknown): x is Invalid => typeof x === 'object' && x !== null && (x as Invalid).status === 'invalid';

/** Plans the BUSINESSCASE formula for the form, placed at the top-left cell of the selection. */
export function planBusinessCase(form: BusinessCaseForm, host: HostKind, selection: string): InsertPlan | Invalid {
  const sel = parseRange(selection);
  if (!sel) return invalid('target', `Select the cell where the summary should go (got "${selection}").`);
  const target = blockAt(sel, 1, 1);
  const costs = flowRange('costs', form.costs);
  if (isInvalid(costs)) return costs;
  const benefits = flowRange('benefits', form.benefits);
  if (isInvalid(benefits)) return benefits;
  const nc = rangeSize(costs);
  const nb = rangeSize(benefits);
  if (nc.rows * nc.cols !== nb.rows * nb.cols) {
    return invalid('benefits', `Costs cover ${nc.rows * nc.cols} periods but benefits cover ${nb.rows * nb.cols}; select the same periods for both.`);
  }
  const args: string[] = [];
  for (const [field, text, required] of [
    ['rate', form.rate, true],
    ['financeRate', form.financeRate, false],
    ['reinvestRate', form.reinvestRate, false],
  ] as const) {
    const a = rateArgument(field, text, sel.sheet, required);
    if (isInvalid(a)) return a;
    args.push(a ?? '');
  }
  const [rate, financeRate, reinvestRate] = args;
  const parts = [rate, referenceText(costs, sel.sheet), referenceText(benefits, sel.sheet)];
  if (financeRate || reinvestRate) parts.push(financeRate, reinvestRate);
  while (parts[parts.length - 1] === '') parts.pop();
  const formula = `=${hostFunctionName(host, 'BUSINESSCASE')}(${parts.join(',')})`;
  return { formula, target, spill: blockAt(sel, BUSINESS_CASE_SIZE.rows, BUSINESS_CASE_SIZE.cols) };
}

/**
 * Nothing lost: the table needs its cells empty. Returns the question to ask when they are not
 * (values of the spill block as read from the host, top-left first).
 */
export function spillConflict(plan: InsertPlan, block: CellValue[][], formulas?: string[][]): string | undefined {
  const taken: string[] = [];
  block.forEach((row, r) =>
    row.forEach((cell, c) => {
      const hasFormula = formulas?.[r]?.[c] !== undefined && String(formulas[r][c]).startsWith('=');
      if (!isEmptyCell(cell) || hasFormula) {
        taken.push(formatRange({ start: { row: plan.spill.start.row + r, col: plan.spill.start.col + c }, end: { row: plan.spill.start.row + r, col: plan.spill.start.col + c } }, false));
      }
    }),
  );
  if (taken.length === 0) return undefined;
  const where = plan.spill.sheet ? `${quoteSheet(plan.spill.sheet)}!` : '';
  const listed = taken.length > 5 ? `${taken.slice(0, 5).join(', ')} and ${taken.length - 5} more` : taken.join(', ');
  return `The summary needs ${where}${formatRange(plan.spill, false)} empty, but ${listed} ${taken.length === 1 ? 'holds' : 'hold'} data. Insert anyway? Only the first cell is written; the others stay as they are and the table will not spill until they are cleared.`;
}
