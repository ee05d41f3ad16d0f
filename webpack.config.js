// One build, one entry per host (see DESIGN.md):
//   dist/excel/  functions.js (custom functions), taskpane.html + taskpane.js (the panel)
//   dist/sheets/ btm.js (Apps Script bundle, library BTMAddin), sidebar.html (self-contained)
// build/emit.ts then writes functions.json, the Sheets globals and appsscript.json from the catalogue.
const path = require('path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const HtmlInlineScriptPlugin = require('html-inline-script-webpack-plugin');

const dist = (host) => path.resolve(__dirname, 'dist', host);

const common = (mode) => ({
  mode,
  devtool: false,
  resolve: { extensions: ['.ts', '.js'] },
  module: {
    rules: [{ test: /\.ts$/, loader: 'ts-loader', exclude: /node_modules/, options: { configFile: 'tsconfig.build.json' } }],
  },
  performance: { hints: false },
});

module.exports = (_env, argv) => {
  const mode = argv.mode ?? 'production';
  return [
    {
      ...common(mode),
      name: 'excel',
      target: ['web', 'es2019'],
      entry: { functions: './excel-addin/functions.ts', taskpane: './excel-addin/taskpane.ts' },
      output: { path: dist('excel'), filename: '[name].js', clean: true },
      plugins: [
        new HtmlWebpackPlugin({
          filename: 'taskpane.html',
          template: './panel/panel.html',
          // Shared runtime: one page runs the task pane and the custom functions.
          chunks: ['functions', 'taskpane'],
          chunksSortMode: 'manual',
          scriptLoading: 'blocking',
          inject: 'body',
          templateParameters: { host: 'excel' },
        }),
      ],
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
        new HtmlWebpackPlugin({
          filename: path.join(dist('sheets'), 'sidebar.html'),
          template: './panel/panel.html',
          scriptLoading: 'blocking',
          inject: 'body',
          templateParameters: { host: 'sheets' },
        }),
        new HtmlInlineScriptPlugin(),
      ],
    },
  ];
};
