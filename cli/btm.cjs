#!/usr/bin/env node
// The `btm` executable (package.json "bin"): registers tsx, a dev dependency of this repository,
// to run the TypeScript entry cli/btm.ts as it is; nothing is compiled ahead. For use inside a
// checkout after `npm ci` (`npx btm ...`, or `npm link` to put `btm` on the PATH).
require('tsx/cjs/api').register();
require('./btm.ts');
