// Headless LibreOffice as a second spreadsheet engine for tests: it opens an .xlsx, recalculates
// every formula and saves it as .xlsx again, so a test can compare the cached results a file
// carries with what a real spreadsheet computes from its formulas.
//
// Each run gets a throwaway user profile (-env:UserInstallation), so runs never touch a home
// profile and can run in parallel. That profile's registrymodifications.xcu sets
// org.openoffice.Office.Calc/Formula/Load/OOXMLRecalcMode to 0 ("Recalculation on file load:
// Excel 2007 and newer: Always recalculate"); LibreOffice's default is to trust the cached values
// of an .xlsx, which would make a recalculation test prove nothing.
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const TIMEOUT_MS = 120_000;
/** The import and export filter: Excel 2007-365 .xlsx. */
const XLSX_FILTER = 'Calc MS Excel 2007 XML';

const RECALC_ALWAYS_XCU = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/** The soffice command, or undefined when LibreOffice is not installed. */
export function findSoffice(): string | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  // Debian's /usr/bin/soffice, or the macOS app bundle.
  const candidates = [...dirs.map((d) => path.join(d, 'soffice')), '/Applications/LibreOffice.app/Contents/MacOS/soffice'];
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Opens the .xlsx in headless LibreOffice, recalculates every formula, and saves it as .xlsx again; returns the new bytes. Throws with soffice's output when conversion fails. */
export async function recalculateWithLibreOffice(xlsx: Uint8Array): Promise<Uint8Array> {
  const soffice = findSoffice();
  if (!soffice) throw new Error('LibreOffice (soffice) is not installed; on Debian: apt-get install libreoffice-calc');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'btm-lo-'));
  try {
    const profile = path.join(dir, 'profile');
    mkdirSync(path.join(profile, 'user'), { recursive: true });
    writeFileSync(path.join(profile, 'user', 'registrymodifications.xcu'), RECALC_ALWAYS_XCU);
    const input = path.join(dir, 'book.xlsx');
    const outDir = path.join(dir, 'out');
    writeFileSync(input, xlsx);
    const args = [
      `-env:UserInstallation=${pathToFileURL(profile).href}`,
      '--headless',
      '--norestore',
      `--infilter=${XLSX_FILTER}`,
      '--convert-to',
      `xlsx:${XLSX_FILTER}`,
      '--outdir',
      outDir,
      input,
    ];
    const { code, output } = await run(soffice, args);
    const result = path.join(outDir, 'book.xlsx');
    try {
      return new Uint8Array(readFileSync(result));
    } catch {
      // soffice exits 0 even when it cannot load the file ("Error: source file could not be loaded").
      throw new Error(`LibreOffice did not convert the workbook (exit ${code}): ${output.trim() || 'no output'}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the command to its end (or the timeout) and gives its exit code and combined output. */
function run(command: string, args: string[]): Promise<{ code: number | string; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      if (error?.killed) resolve({ code: `killed after ${TIMEOUT_MS / 1000} s`, output });
      else resolve({ code: typeof error?.code === 'number' ? error.code : 0, output });
    });
  });
}
