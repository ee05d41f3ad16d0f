// One build, one entry per host (see DESIGN.md):
//   dist/excel/  functions.js (custom functions), taskpane.html + taskpane.js (the panel),
//                solver-worker.js (HiGHS in a Web Worker; build/emit.ts puts highs.wasm beside it)
//   dist/sheets/ btm.js (Apps Script bundle, library BTMAddin), sidebar.html (self-contained)
//   dist/workbench/ index.html + workbench.js (the page: an in-browser workbook, its grid, the
//                round-trip log), panel.html + panel.js (the same panel, no office.js, in a frame);
//                build/emit.ts adds workbench.css, the sample portfolio.xlsx, exceljs.min.js and
//                the solver worker with its wasm
// build/emit.ts then writes functions.json, the Sheets globals, appsscript.json and the solver's
// wasm (dist/excel/highs.wasm, dist/sheets/highs-wasm.js as base64) from the catalogue and highs.
const fs = require('fs');
const path = require('path');
const webpack = require('webpack');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const HtmlInlineScriptPlugin = require('html-inline-script-webpack-plugin');

// The task pane's Content-Security-Policy (a <meta>, since whoever hosts dist/excel sets the
// headers): scripts from this origin and Microsoft's Office.js only, no eval, no plugins, no
// network beyond those two. Styles inline (the panel's one <style> block). The solver's Web
// Worker compiles WebAssembly under its own policy, not this page's.
const TASKPANE_CSP = [
  "default-src 'self'",
  "script-src 'self' https://appsforoffice.microsoft.com",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' https://appsforoffice.microsoft.com",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

// The workbench's policy (build/workbench-server.cjs sends it as a header on every response; a
// <meta> cannot carry frame-ancestors, so the pages hold the rest).
const { WORKBENCH_CSP_META } = require('./build/workbench-server.cjs');

const dist = (host) => path.resolve(__dirname, 'dist', host);

// HiGHS (npm highs): its CommonJS build, which finds no wasm by itself in a bundle (every host
// hands the bytes over, see core/capacity/optimiser.ts useHighsWasm) and whose Node-only
// branches require node: modules that a browser or Apps Script never reaches.
const HIGHS = path.resolve(__dirname, 'node_modules', 'highs', 'build', 'highs.js');
// Pages that solve in the solver worker get a stand-in instead (see excel-addin/no-highs.ts).
const NO_HIGHS = { highs$: path.resolve(__dirname, 'excel-addin', 'no-highs.ts') };

const common = (mode) => ({
  mode,
  devtool: false,
  resolve: {
    extensions: ['.ts', '.js'],
    alias: { highs$: HIGHS },
    fallback: { fs: false, module: false, crypto: false, path: false, url: false },
  },
  module: {
    rules: [
      { test: /\.ts$/, loader: 'ts-loader', exclude: /node_modules/, options: { configFile: 'tsconfig.build.json' } },
      // highs.js is ES2022 (class fields, ?., ??=); Apps Script's V8 rejects class fields, and
      // every bundle targets ES2019: compile it down like our own code.
      {
        test: /[\\/]highs[\\/]build[\\/]highs\.js$/,
        loader: 'ts-loader',
        options: {
          configFile: 'tsconfig.build.json',
          transpileOnly: true,
          compilerOptions: { allowJs: true, checkJs: false, isolatedModules: false, target: 'ES2019', module: 'CommonJS', moduleResolution: 'node' },
        },
      },
    ],
  },
  plugins: [new webpack.NormalModuleReplacementPlugin(/^node:/, (resource) => (resource.request = resource.request.replace(/^node:/, '')))],
  performance: { hints: false },
});

module.exports = (_env, argv) => {
  const mode = argv.mode ?? 'production';
  return [
    {
      ...common(mode),
      name: 'excel',
      target: ['web', 'es2019'],
      // The task pane and the custom functions solve in solver-worker.js: no HiGHS in their bundles.
      resolve: { ...common(mode).resolve, alias: NO_HIGHS },
      entry: { functions: './excel-addin/functions.ts', taskpane: './excel-addin/taskpane.ts' },
      output: { path: dist('excel'), filename: '[name].js', clean: true },
      plugins: [
        ...common(mode).plugins,
        new HtmlWebpackPlugin({
          filename: 'taskpane.html',
          template: './panel/panel.html',
          // Shared runtime: one page runs the task pane and the custom functions.
          chunks: ['functions', 'taskpane'],
          chunksSortMode: 'manual',
          scriptLoading: 'blocking',
          inject: 'body',
          templateParameters: { host: 'excel', officeJs: true, csp: TASKPANE_CSP },
        }),
      ],
    },
    {
      // The solver's Web Worker: its own script, after 'excel' (which cleans dist/excel/).
      ...common(mode),
      name: 'excel-worker',
      dependencies: ['excel'],
      target: ['webworker', 'es2019'],
      entry: { 'solver-worker': './excel-addin/solver-worker.ts' },
      output: { path: dist('excel'), filename: '[name].js', clean: false },
    },
    {
      ...common(mode),
      name: 'sheets',
      target: ['web', 'es2019'],
      entry: { btm: './sheets-script/index.ts' },
      output: { path: dist('sheets'), filename: '[name].js', library: { name: 'BTMAddin', type: 'var' }, clean: true },
    },
    {
      ...common(mode),
      name: 'sidebar',
      dependencies: ['sheets'],
      target: ['web', 'es2019'],
      entry: { sidebar: './sheets-script/sidebar.ts' },
      output: { path: path.resolve(__dirname, 'dist', '.sidebar'), filename: '[name].js', clean: true },
      plugins: [
        ...common(mode).plugins,
        new HtmlWebpackPlugin({
          filename: path.join(dist('sheets'), 'sidebar.html'),
          template: './panel/panel.html',
          scriptLoading: 'blocking',
          inject: 'body',
          templateParameters: { host: 'sheets', officeJs: false, csp: '' },
        }),
        new HtmlInlineScriptPlugin(),
      ],
    },
    {
      // The workbench (npm start, http://localhost:3001/): the page and the panel's frame.
      ...common(mode),
      name: 'workbench',
      target: ['web', 'es2019'],
      entry: { workbench: './workbench/workbench.ts', panel: './workbench/panel-frame.ts' },
      output: { path: dist('workbench'), filename: '[name].js', clean: true },
      resolve: { ...common(mode).resolve, alias: NO_HIGHS },
      module: {
        rules: [
          // `npm run typecheck` checks workbench/ and xlsx/ (tsconfig.json); checking them again here took 15 s.
          { test: /\.ts$/, loader: 'ts-loader', exclude: /node_modules/, options: { configFile: 'tsconfig.build.json', transpileOnly: true } },
        ],
      },
      // Served on the loopback only: minifying saved nothing worth its 20 s (terser on 1 MB,
      // jszip's already minified build among it), and readable code helps whoever debugs the page.
      optimization: { minimize: false },
      // exceljs's own browser build (already minified, 0.9 MB) loads as a script of its own
      // (global ExcelJS, copied by build/emit.ts) rather than being parsed and minified again.
      externals: { exceljs: 'ExcelJS' },
      plugins: [
        ...common(mode).plugins,
        // The add-in reference a downloaded workbook keeps when the opened file had one.
        new webpack.DefinePlugin({ BTM_MANIFEST_XML: JSON.stringify(fs.readFileSync(path.resolve(__dirname, 'manifest.xml'), 'utf8')) }),
        new HtmlWebpackPlugin({
          filename: 'index.html',
          template: './workbench/index.html',
          chunks: ['workbench'],
          scriptLoading: 'defer',
          inject: 'head',
          templateParameters: { csp: WORKBENCH_CSP_META },
        }),
        new HtmlWebpackPlugin({
          filename: 'panel.html',
          template: './panel/panel.html',
          chunks: ['panel'],
          scriptLoading: 'blocking',
          inject: 'body',
          // The Excel look by default; panel-frame.ts switches the body class for ?look=sheets.
          templateParameters: { host: 'excel', officeJs: false, csp: WORKBENCH_CSP_META },
        }),
      ],
    },
  ];
};
