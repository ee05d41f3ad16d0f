// Rewrites the add-in's function calls in a formula between the spellings of the three places a
// formula lives:
//   excel   BTM.PAYBACK(A1:A5)           what Excel shows and Office.js reads and writes
//   sheets  BTM_PAYBACK(A1:A5)           Google Sheets (identifiers have no dots there)
//   xlsx    _xldudf_BTM_PAYBACK(A1:A5)   how Excel stores an add-in's custom function in a file
// Input may use any of them (and `_xludf.BTM_PAYBACK(` / `_xludf.BTM.PAYBACK(`, the file prefix
// Excel gives a function name it did not know, e.g. a Sheets spelling typed or imported into
// Excel), in any letter case; output is the canonical upper-case spelling of the target.
//
// Only real function-call tokens are rewritten: a whole identifier immediately followed by "(".
// Text inside string literals ("..." with "" escapes), quoted sheet names ('...' with ''),
// brackets (structured references such as Table1[@[BTM.NPV]], external workbook references,
// R1C1 offsets) is never touched, nor a longer identifier that merely contains a spelling
// (XBTM.NPV(, MYBTM_NPV(), a sheet-qualified name (Sheet1!BTM_NPV( is a defined name holding a
// LAMBDA), a name bound by LET or LAMBDA in the same formula, or a call to a BTM name the
// catalogue does not know (reported in `unknown` instead). Everything else is copied byte for
// byte, so the function is safe to run over any cell's formula any number of times.
//
// Pure: no host types, no I/O. Which bare names are functions is the catalogue's answer unless
// the caller passes its own.
import { EXCEL_NAMESPACE } from '../catalogue/spec';
import { findFunction } from '../catalogue';

export type FormulaSpelling = 'excel' | 'sheets' | 'xlsx';

export interface Translation {
  /** The formula with every known call in the target spelling; the input itself when nothing changed. */
  readonly formula: string;
  /** Calls whose text was rewritten (a call already in the target's canonical spelling is not counted). */
  readonly changed: number;
  /** Calls of catalogue functions found, in any spelling (changed ones included). */
  readonly calls: number;
  /** Calls in a BTM spelling of names the catalogue does not know, as written, each once, in order. */
  readonly unknown: readonly string[];
}

/** The stored-file prefix Excel writes before an add-in's custom function (see ../shared/HOSTS.md). */
export const XLSX_UDF_PREFIX = '_xldudf_';

/** How `to` spells a call of the catalogue function `name` (bare, e.g. PAYBACK), without the "(". */
export function spellFunction(name: string, to: FormulaSpelling): string {
  const bare = name.toUpperCase();
  switch (to) {
    case 'excel':
      return `${EXCEL_NAMESPACE}.${bare}`;
    case 'sheets':
      return `${EXCEL_NAMESPACE}_${bare}`;
    case 'xlsx':
      return `${XLSX_UDF_PREFIX}${EXCEL_NAMESPACE}_${bare}`;
  }
}

/**
 * The spelling and bare name of an identifier that has the shape of one of the add-in's calls
 * (known to the catalogue or not), or undefined. `word` is a whole identifier.
 */
export function parseSpelling(word: string): { readonly spelling: FormulaSpelling; readonly name: string } | undefined {
  const upper = word.toUpperCase();
  const ns = EXCEL_NAMESPACE.toUpperCase();
  const forms: ReadonlyArray<readonly [string, FormulaSpelling]> = [
    [`${XLSX_UDF_PREFIX.toUpperCase()}${ns}_`, 'xlsx'],
    // Excel's prefix for a user-defined function it could not resolve when the file was saved.
    [`_XLUDF.${ns}_`, 'xlsx'],
    [`_XLUDF.${ns}.`, 'xlsx'],
    [`${ns}.`, 'excel'],
    [`${ns}_`, 'sheets'],
  ];
  for (const [prefix, spelling] of forms) {
    if (upper.startsWith(prefix) && upper.length > prefix.length) return { spelling, name: upper.slice(prefix.length) };
  }
  return undefined;
}

const inCatalogue = (name: string): boolean => findFunction(name) !== undefined;

export function translateFormula(formula: string, to: FormulaSpelling, known: (name: string) => boolean = inCatalogue): Translation {
  const tokens = scan(formula);
  const bound = boundNames(tokens);
  let out = '';
  let copied = 0;
  let changed = 0;
  let calls = 0;
  const unknown: string[] = [];
  const seenUnknown = new Set<string>();
  for (const t of tokens) {
    if (t.kind !== 'word' || !t.call || t.qualified) continue;
    const parsed = parseSpelling(t.text);
    if (!parsed || bound.has(t.text.toUpperCase())) continue;
    if (!isBareName(parsed.name) || !known(parsed.name)) {
      if (!seenUnknown.has(t.text)) {
        seenUnknown.add(t.text);
        unknown.push(t.text);
      }
      continue;
    }
    calls += 1;
    const spelled = spellFunction(parsed.name, to);
    if (spelled === t.text) continue;
    changed += 1;
    out += formula.slice(copied, t.start) + spelled;
    copied = t.start + t.text.length;
  }
  return { formula: changed === 0 ? formula : out + formula.slice(copied), changed, calls, unknown };
}

// ---------------------------------------------------------------------------------------------
// Scanning. The scanner only needs to find identifiers and the few characters that shape
// argument lists; it never has to understand the rest of the grammar, and it copes with any
// string (an unterminated literal simply runs to the end and hides what follows).

type Token =
  | { readonly kind: 'word'; readonly text: string; readonly start: number; readonly call: boolean; readonly qualified: boolean }
  | { readonly kind: 'open' | 'close' | 'comma' | 'brace-open' | 'brace-close' | 'other'; readonly start: number };

/** Characters of an identifier (Excel names: letters, digits, _ . \ ?; any Unicode letter). */
const WORD_CHAR = /[\p{L}\p{N}\p{M}_.\\?]/u;

function isBareName(name: string): boolean {
  return /^[A-Z0-9_]+$/.test(name);
}

function isWordChar(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 128) {
    return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || c === '_' || c === '.' || c === '\\' || c === '?';
  }
  return WORD_CHAR.test(c);
}

function scan(f: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = f.length;
  while (i < n) {
    const c = f[i];
    if (c === '"') {
      i = skipQuoted(f, i, '"');
      tokens.push({ kind: 'other', start: i });
    } else if (c === "'") {
      i = skipQuoted(f, i, "'");
      tokens.push({ kind: 'other', start: i });
    } else if (c === '[') {
      i = skipBrackets(f, i);
      tokens.push({ kind: 'other', start: i });
    } else if (isWordChar(c)) {
      const start = i;
      while (i < n && isWordChar(f[i])) i += 1;
      const text = f.slice(start, i);
      tokens.push({ kind: 'word', text, start, call: f[i] === '(', qualified: start > 0 && f[start - 1] === '!' });
    } else {
      const kind = c === '(' ? 'open' : c === ')' ? 'close' : c === ',' || c === ';' ? 'comma' : c === '{' ? 'brace-open' : c === '}' ? 'brace-close' : null;
      if (kind) tokens.push({ kind, start: i });
      i += 1;
    }
  }
  return tokens;
}

/** Index just past a literal opened at `i` by `q`, where a doubled `q` is an escaped one. */
function skipQuoted(f: string, i: number, q: string): number {
  let j = i + 1;
  while (j < f.length) {
    if (f[j] === q) {
      if (f[j + 1] === q) j += 2;
      else return j + 1;
    } else j += 1;
  }
  return f.length;
}

/**
 * Index just past a bracket group opened at `i`, nested groups included. Inside, a "'" escapes
 * the next character (structured references escape [ ] # ' that way).
 */
function skipBrackets(f: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < f.length) {
    const c = f[j];
    if (c === "'") j += 2;
    else {
      if (c === '[') depth += 1;
      else if (c === ']') {
        depth -= 1;
        if (depth === 0) return j + 1;
      }
      j += 1;
    }
  }
  return f.length;
}

/**
 * Names that LET or LAMBDA bind anywhere in the formula (upper case, `_xlpm.` stripped and kept):
 * a call of such a name calls the bound lambda, not the catalogue, so it is left alone. Scoping is
 * deliberately coarse: a binding anywhere protects the name everywhere in the formula.
 */
function boundNames(tokens: readonly Token[]): Set<string> {
  const bound = new Set<string>();
  tokens.forEach((t, k) => {
    if (t.kind !== 'word' || !t.call) return;
    const fn = t.text.toUpperCase().replace(/^_XLFN\./, '');
    if (fn !== 'LET' && fn !== 'LAMBDA') return;
    const args = argumentsOf(tokens, k + 1);
    const names = fn === 'LET' ? args.filter((_, a) => a % 2 === 0 && a < args.length - 1) : args.slice(0, -1);
    for (const arg of names) {
      if (arg.length !== 1) continue;
      const only = arg[0];
      if (only.kind !== 'word') continue;
      const upper = only.text.toUpperCase();
      bound.add(upper);
      bound.add(upper.replace(/^_XLPM\./, ''));
      bound.add(`_XLPM.${upper.replace(/^_XLPM\./, '')}`);
    }
  });
  return bound;
}

/** The tokens of each top-level argument of the call whose "(" is tokens[open]. */
function argumentsOf(tokens: readonly Token[], open: number): Token[][] {
  const args: Token[][] = [[]];
  let depth = 0;
  for (let k = open; k < tokens.length; k += 1) {
    const t = tokens[k];
    if (t.kind === 'open' || t.kind === 'brace-open') {
      depth += 1;
      if (depth === 1) continue;
    } else if (t.kind === 'close' || t.kind === 'brace-close') {
      depth -= 1;
      if (depth === 0) break;
    } else if (t.kind === 'comma' && depth === 1) {
      args.push([]);
      continue;
    }
    args[args.length - 1].push(t);
  }
  return args;
}
