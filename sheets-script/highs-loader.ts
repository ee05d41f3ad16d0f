// HiGHS in Apps Script. The script project holds only script files, so the build ships
// highs.wasm as base64 text in its own file (dist/sheets/highs-wasm.js, a global string
// HIGHS_WASM_BASE64_); it is decoded and instantiated on the first solve of an execution only,
// so functions and sidebar calls that never solve pay nothing for it.
import { useHighsWasm } from '../core/capacity/optimiser';

/** The global that build/emit.ts writes into dist/sheets/highs-wasm.js. */
export const WASM_GLOBAL = 'HIGHS_WASM_BASE64_';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 to bytes in plain JavaScript (for where Utilities is missing: tests, other runtimes). */
export function decodeBase64(text: string): Uint8Array {
  const codes = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) codes[ALPHABET.charCodeAt(i)] = i;
  let end = text.length;
  while (end > 0 && text[end - 1] === '=') end--;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let bits = 0;
  let count = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const ch = text.charCodeAt(i);
    const v = ch < 128 ? codes[ch] : -1;
    if (v < 0) throw new Error(`the solver's code is damaged (character ${i + 1} is not base64)`);
    bits = (bits << 6) | v;
    count += 6;
    if (count >= 8) {
      count -= 8;
      out[o++] = (bits >> count) & 0xff;
    }
  }
  return out.subarray(0, o);
}

interface AppsScriptUtilities {
  base64Decode(text: string): number[];
}

/** The wasm bytes: Apps Script's own decoder when there is one (bytes come back signed), else decodeBase64. */
export function sheetsWasmBytes(scope: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): Uint8Array {
  const text = scope[WASM_GLOBAL];
  if (typeof text !== 'string' || text === '') throw new Error(`the solver's code (${WASM_GLOBAL} in highs-wasm.js) is missing from this script project`);
  const utilities = scope.Utilities as Partial<AppsScriptUtilities> | undefined;
  if (typeof utilities?.base64Decode === 'function') return Uint8Array.from(utilities.base64Decode(text));
  return decodeBase64(text);
}

/** Makes every solve in this Apps Script execution load HiGHS from the shipped wasm (lazily). */
export function useSheetsHighs(): void {
  useHighsWasm(() => sheetsWasmBytes());
}
