// Second half of `npm run build`: the files generated from the catalogue, next to webpack's output.
import fs from 'node:fs';
import path from 'node:path';
import { excelMetadata, highsWasmScript, sheetsGlobals } from './host-metadata';

const root = path.resolve(__dirname, '..');
const excel = path.join(root, 'dist', 'excel');
const sheets = path.join(root, 'dist', 'sheets');

fs.writeFileSync(path.join(excel, 'functions.json'), JSON.stringify(excelMetadata(), null, 2) + '\n');
fs.writeFileSync(path.join(sheets, 'functions.js'), sheetsGlobals());
fs.copyFileSync(path.join(root, 'sheets-script', 'appsscript.json'), path.join(sheets, 'appsscript.json'));
// The solver's WebAssembly: beside the Excel worker, and as base64 text for Apps Script (whose
// projects hold only script files); see sheets-script/highs-loader.ts.
const wasm = fs.readFileSync(path.join(root, 'node_modules', 'highs', 'build', 'highs.wasm'));
fs.writeFileSync(path.join(excel, 'highs.wasm'), wasm);
fs.writeFileSync(path.join(sheets, 'highs-wasm.js'), highsWasmScript(wasm));
fs.rmSync(path.join(root, 'dist', '.sidebar'), { recursive: true, force: true });
// Icons the manifest points at (assets/*.png, drawn by build/make-icons.mjs).
const assets = path.join(root, 'assets');
fs.mkdirSync(path.join(excel, 'assets'), { recursive: true });
for (const f of fs.readdirSync(assets).filter((f) => f.endsWith('.png'))) fs.copyFileSync(path.join(assets, f), path.join(excel, 'assets', f));
console.log(`emitted dist/excel/functions.json, dist/excel/highs.wasm, dist/sheets/functions.js, dist/sheets/highs-wasm.js and dist/sheets/appsscript.json`);
