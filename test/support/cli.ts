// The command line's tests (test/cli*.test.ts): runBtm in-process over .xlsx files in a temporary
// folder, stdout and stderr captured; outputs read back with readXlsx.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runBtm } from '../../cli/commands';
import { readXlsx, writeXlsx } from '../../xlsx/xlsx-io';
import type { MemoryWorkbook } from '../../xlsx/memory-workbook';

/** The sample portfolio workbook. */
export const EXAMPLE = path.resolve(__dirname, '..', '..', 'examples', 'portfolio.xlsx');

/**
 * A temporary folder for the test file (made before its tests, removed after them); the function
 * returned gives a fresh folder under it by name.
 */
export function temporaryFolders(prefix: string): (name: string) => string {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return (name) => {
    const d = path.join(dir, name);
    fs.mkdirSync(d, { recursive: true });
    return d;
  };
}

/** `btm ARGV...` with stdout and stderr captured (stderr a terminal when errIsTTY, 100 columns). */
export async function run(argv: string[], errIsTTY = false) {
  let out = '';
  let err = '';
  const { code, results } = await runBtm(argv, { out: (t) => (out += t), err: (t) => (err += t), errIsTTY, columns: 100 });
  return { code, results, stdout: out, stderr: err };
}

/** A copy of the sample portfolio at `to`; returns `to`. */
export function copyExample(to: string): string {
  fs.copyFileSync(EXAMPLE, to);
  return to;
}

export const read = async (file: string) => readXlsx(fs.readFileSync(file));

export async function save(book: MemoryWorkbook, file: string): Promise<string> {
  fs.writeFileSync(file, await writeXlsx(book));
  return file;
}
