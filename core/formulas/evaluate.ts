// Evaluates the add-in's own formulas outside a spreadsheet application: the command line writes
// them into .xlsx files with their results cached (so Excel shows values before the add-in
// loads), the template carries computed examples, and the browser workbench shows them live.
//
// Deliberately small: a formula is evaluated when it is one call of a catalogue function (in any
// host's spelling) whose arguments are references (B2, $B$2:$D$9, 'Q1 plan'!B2:B9), defined
// names, numbers, strings, TRUE/FALSE, array constants ({1,2;3,4}), HSTACK/VSTACK of those, or
// further catalogue calls. Anything else (operators, SUM, IF ...) is not ours to compute:
// the answer is 'unsupported' and the caller keeps the value the file had cached.
//
// Pure: the caller supplies the cells through a FormulaContext (and may evaluate formulas the
// read depends on first: that is how spills feed later formulas).
import type { CellValue } from '../values/cells';
import { SheetError, sheetError } from '../values/errors';
import { RangeRef, parseRange } from '../values/a1';
import { findFunction } from '../catalogue';
import { invoke, HostArg } from '../catalogue/invoke';
import { parseSpelling, translateFormula } from './translate';
import { EXCEL_NAMESPACE } from '../catalogue/spec';

/** A reference with its sheet always named. */
export interface SheetRange extends RangeRef {
  readonly sheet: string;
}

export interface FormulaContext {
  /** The sheet the formula is on (a reference without a sheet means this one). */
  readonly sheet: string;
  /** The values of a range: one row per sheet row, blanks as null. */
  readRange(ref: SheetRange): CellValue[][] | Promise<CellValue[][]>;
  /** A defined name's range, or undefined when the workbook has no such name (case-insensitive). */
  name(name: string): SheetRange | undefined;
}

export type Evaluation =
  | { readonly kind: 'value'; readonly value: CellValue }
  | { readonly kind: 'table'; readonly values: CellValue[][] }
  /** Not a formula this evaluator computes; `reason` says what it met. */
  | { readonly kind: 'unsupported'; readonly reason: string };

const NAMESPACE = EXCEL_NAMESPACE.toUpperCase();

/**
 * Whether a formula calls one of the add-in's functions somewhere, as Repair finds calls (never
 * inside a string or a sheet name). Formulas without the namespace's letters skip the scan.
 */
export function callsCatalogue(formula: string): boolean {
  return formula.toUpperCase().includes(NAMESPACE) && translateFormula(formula, 'xlsx').calls > 0;
}

// ---------------------------------------------------------------------------------------------
// Parsing

type Node =
  | { readonly kind: 'literal'; readonly value: CellValue }
  | { readonly kind: 'array'; readonly rows: CellValue[][] }
  | { readonly kind: 'ref'; readonly ref: RangeRef }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly (Node | undefined)[] };

class Unsupported extends Error {}

/** A tiny recursive-descent parser over the formula text (without the leading "="). */
class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Node {
    const node = this.expression();
    this.space();
    if (this.i < this.s.length) throw new Unsupported(`"${this.s.slice(this.i, this.i + 12)}" after a complete argument`);
    return node;
  }

  private space(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i += 1;
  }

  private peek(): string {
    this.space();
    return this.s[this.i] ?? '';
  }

  private expression(): Node {
    const c = this.peek();
    if (c === '"') return { kind: 'literal', value: this.string() };
    if (c === '{') return this.array();
    if (c === '-' || c === '+' || /[0-9.]/.test(c)) return { kind: 'literal', value: this.number() };
    return this.referenceOrCall();
  }

  private string(): string {
    let out = '';
    this.i += 1;
    while (this.i < this.s.length) {
      const ch = this.s[this.i];
      if (ch === '"') {
        if (this.s[this.i + 1] === '"') {
          out += '"';
          this.i += 2;
          continue;
        }
        this.i += 1;
        return out;
      }
      out += ch;
      this.i += 1;
    }
    throw new Unsupported('a string without its closing quote');
  }

  private number(): number {
    this.space();
    const m = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?%?/.exec(this.s.slice(this.i));
    if (!m) throw new Unsupported(`"${this.s.slice(this.i, this.i + 12)}"`);
    this.i += m[0].length;
    const text = m[0].endsWith('%') ? m[0].slice(0, -1) : m[0];
    const n = Number(text) / (m[0].endsWith('%') ? 100 : 1);
    if (!Number.isFinite(n)) throw new Unsupported(`the number ${m[0]}`);
    return n;
  }

  private array(): Node {
    this.i += 1;
    const rows: CellValue[][] = [[]];
    for (;;) {
      const c = this.peek();
      if (c === '"') rows[rows.length - 1].push(this.string());
      else if (c === '-' || c === '+' || /[0-9.]/.test(c)) rows[rows.length - 1].push(this.number());
      else {
        const word = /^(TRUE|FALSE)\b/i.exec(this.s.slice(this.i));
        if (!word) throw new Unsupported('an array constant holding something other than numbers, text or TRUE/FALSE');
        rows[rows.length - 1].push(word[1].toUpperCase() === 'TRUE');
        this.i += word[0].length;
      }
      const sep = this.peek();
      this.i += 1;
      if (sep === '}') break;
      // Excel separates columns with "," and rows with ";"; Sheets (in English locales) the same,
      // or "\" for columns in some locales: not supported.
      if (sep === ';') rows.push([]);
      else if (sep !== ',') throw new Unsupported(`"${sep}" inside an array constant`);
    }
    if (rows.some((r) => r.length !== rows[0].length)) throw new Unsupported('an array constant with rows of different lengths');
    return { kind: 'array', rows };
  }

  /** A sheet-qualified or plain reference, a defined name, TRUE/FALSE, or a call. */
  private referenceOrCall(): Node {
    this.space();
    const start = this.i;
    let sheetPart = '';
    if (this.s[this.i] === "'") {
      let j = this.i + 1;
      for (; j < this.s.length; j += 1) {
        if (this.s[j] === "'") {
          if (this.s[j + 1] === "'") j += 1;
          else break;
        }
      }
      if (this.s[j + 1] !== '!') throw new Unsupported('a quoted sheet name not followed by "!"');
      sheetPart = this.s.slice(this.i, j + 2);
      this.i = j + 2;
    }
    // "$" belongs to absolute references ($B$2); names never hold one.
    const m = /^[$A-Za-z_\\\u00C0-\uFFFF][$A-Za-z0-9_.\u00C0-\uFFFF]*/.exec(this.s.slice(this.i));
    if (!m) throw new Unsupported(`"${this.s.slice(start, start + 12)}"`);
    this.i += m[0].length;
    if (!sheetPart && this.s[this.i] === '!') {
      // An unquoted sheet name.
      this.i += 1;
      sheetPart = `${m[0]}!`;
      const cell = /^[A-Za-z$][A-Za-z0-9$]*(:[A-Za-z$][A-Za-z0-9$]*)?/.exec(this.s.slice(this.i));
      if (!cell) throw new Unsupported(`a reference to ${m[0]}! without a cell`);
      this.i += cell[0].length;
      return this.refNode(sheetPart + cell[0]);
    }
    if (sheetPart) {
      let text = m[0];
      const rest = /^:[A-Za-z$][A-Za-z0-9$]*/.exec(this.s.slice(this.i));
      if (rest) {
        text += rest[0];
        this.i += rest[0].length;
      }
      return this.refNode(sheetPart + text);
    }
    if (this.peek() === '(' && this.s[this.i] === '(') return this.call(m[0]);
    if (/^(TRUE|FALSE)$/i.test(m[0])) return { kind: 'literal', value: m[0].toUpperCase() === 'TRUE' };
    // A cell or a range (B2, $B$2:$D$9), else a defined name.
    const rest = /^:\$?[A-Za-z]{1,3}\$?\d+/.exec(this.s.slice(this.i));
    if (rest && parseRange(m[0].replace(/\$/g, ''))) {
      this.i += rest[0].length;
      return this.refNode(m[0] + rest[0]);
    }
    const cleaned = m[0].replace(/\$/g, '');
    if (/^[A-Za-z]{1,3}\d+$/.test(cleaned)) return this.refNode(m[0]);
    if (this.s[this.i] === '#') throw new Unsupported('a spill reference (#)');
    return { kind: 'name', name: m[0] };
  }

  private refNode(text: string): Node {
    const ref = parseRange(text.replace(/\$/g, ''));
    if (!ref) throw new Unsupported(`the reference ${text}`);
    return { kind: 'ref', ref };
  }

  private call(fn: string): Node {
    this.i += 1; // "("
    const args: (Node | undefined)[] = [];
    if (this.peek() === ')') {
      this.i += 1;
      return { kind: 'call', fn, args };
    }
    for (;;) {
      const c = this.peek();
      args.push(c === ',' || c === ')' ? undefined : this.expression());
      const sep = this.peek();
      this.i += 1;
      if (sep === ')') return { kind: 'call', fn, args };
      if (sep !== ',') throw new Unsupported(sep ? `the operator "${sep}"` : 'a call without its closing ")"');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluating

type Value = CellValue | CellValue[][];

const STACKS = new Set(['HSTACK', 'VSTACK', '_XLFN.HSTACK', '_XLFN.VSTACK']);

/** The catalogue function a called name spells (BTM.NPV, BTM_NPV, _xldudf_BTM_NPV ...), if any. */
function catalogueSpec(fn: string) {
  const parsed = parseSpelling(fn);
  return parsed ? findFunction(parsed.name) : undefined;
}

function table(v: Value): CellValue[][] {
  return Array.isArray(v) ? v : [[v]];
}

/** HSTACK / VSTACK as both hosts define them: shorter parts padded with #N/A. */
function stack(kind: 'H' | 'V', parts: readonly CellValue[][][]): CellValue[][] {
  const pad = sheetError('#N/A', 'HSTACK/VSTACK: a part is shorter than the others');
  if (kind === 'V') {
    const width = Math.max(...parts.map((p) => p[0]?.length ?? 0));
    return parts.flatMap((p) => p.map((row) => [...row, ...Array<CellValue>(width - row.length).fill(pad)]));
  }
  const height = Math.max(...parts.map((p) => p.length));
  return Array.from({ length: height }, (_, r) => parts.flatMap((p) => p[r] ?? Array<CellValue>(p[0]?.length ?? 0).fill(pad)));
}

async function evaluateNode(node: Node, ctx: FormulaContext): Promise<Value> {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'array':
      return node.rows;
    case 'ref':
      return ctx.readRange({ ...node.ref, sheet: node.ref.sheet ?? ctx.sheet });
    case 'name': {
      const ref = ctx.name(node.name);
      if (!ref) return sheetError('#NAME?', `the workbook has no name "${node.name}"`);
      return ctx.readRange(ref);
    }
    case 'call': {
      const upper = node.fn.toUpperCase();
      if (STACKS.has(upper)) {
        const parts: CellValue[][][] = [];
        for (const a of node.args) {
          if (!a) throw new Unsupported(`${upper} with an empty argument`);
          parts.push(table(await evaluateNode(a, ctx)));
        }
        return stack(upper.endsWith('HSTACK') ? 'H' : 'V', parts);
      }
      const spec = catalogueSpec(node.fn);
      if (!spec) throw new Unsupported(`the function ${node.fn}`);
      const args: HostArg[] = [];
      for (const a of node.args) args.push(a ? ((await evaluateNode(a, ctx)) as HostArg) : undefined);
      const outcome = await invoke(spec, args);
      return outcome as Value;
    }
  }
}

/**
 * The result of a formula ("=..." or without "="): a single value, a table that spills, or
 * 'unsupported' when it is not one of the calls this evaluator computes. Never throws.
 */
export async function evaluateFormula(formula: string, ctx: FormulaContext): Promise<Evaluation> {
  const text = formula.trim().replace(/^=/, '');
  let node: Node;
  try {
    node = new Parser(text).parse();
    if (node.kind !== 'call' || !catalogueSpec(node.fn)) {
      return { kind: 'unsupported', reason: 'not a call of one of the add-in\'s functions' };
    }
  } catch (e) {
    return { kind: 'unsupported', reason: e instanceof Error ? e.message : String(e) };
  }
  try {
    const v = await evaluateNode(node, ctx);
    if (Array.isArray(v)) {
      if (v.length === 1 && v[0].length === 1) return { kind: 'value', value: v[0][0] };
      return { kind: 'table', values: v };
    }
    return { kind: 'value', value: v };
  } catch (e) {
    if (e instanceof Unsupported) return { kind: 'unsupported', reason: e.message };
    const err: SheetError = sheetError('#VALUE!', `internal error (${e instanceof Error ? e.message : String(e)})`);
    return { kind: 'value', value: err };
  }
}

/** Exposed for tests and callers that want to know what a formula reads (references and names, in order). */
export function formulaInputs(formula: string): { refs: RangeRef[]; names: string[] } | undefined {
  let node: Node;
  try {
    node = new Parser(formula.trim().replace(/^=/, '')).parse();
  } catch {
    return undefined;
  }
  const refs: RangeRef[] = [];
  const names: string[] = [];
  const walk = (n: Node | undefined): void => {
    if (!n) return;
    if (n.kind === 'ref') refs.push(n.ref);
    else if (n.kind === 'name') names.push(n.name);
    else if (n.kind === 'call') n.args.forEach(walk);
  };
  walk(node);
  return { refs, names };
}

