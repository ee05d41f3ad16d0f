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
// The workbench (npm start, http://localhost:3001/): beside webpack's pages, its stylesheet and
// icon, the sample it opens, exceljs's browser build, and the Excel add-in's solver worker with
// its wasm (the same files the task pane runs Plan capacity with).
const workbench = path.join(root, 'dist', 'workbench');
fs.copyFileSync(path.join(root, 'workbench', 'workbench.css'), path.join(workbench, 'workbench.css'));
fs.copyFileSync(path.join(assets, 'icon-32.png'), path.join(workbench, 'icon-32.png'));
fs.copyFileSync(path.join(root, 'examples', 'portfolio.xlsx'), path.join(workbench, 'portfolio.xlsx'));
// exceljs's browser build, a script of its own (webpack.config.js: externals).
fs.copyFileSync(path.join(root, 'node_modules', 'exceljs', 'dist', 'exceljs.min.js'), path.join(workbench, 'exceljs.min.js'));
fs.copyFileSync(path.join(excel, 'solver-worker.js'), path.join(workbench, 'solver-worker.js'));
fs.writeFileSync(path.join(workbench, 'highs.wasm'), wasm);
console.log(
  'emitted dist/excel/functions.json, dist/excel/highs.wasm, dist/sheets/functions.js, dist/sheets/highs-wasm.js, dist/sheets/appsscript.json' +
    ' and dist/workbench/ (workbench.css, icon-32.png, portfolio.xlsx, exceljs.min.js, solver-worker.js, highs.wasm)',
);
