// The `btm` command line's entry: runs cli/commands.ts over the process's arguments and exits
// with its code (0 all files written, 1 some failed, 2 usage error). Run it with
// `npm run btm -- plan FILE.xlsx`, `npx tsx cli/btm.ts ...`, or as `btm` once linked (cli/btm.cjs).
import { main } from './commands';

main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  errIsTTY: Boolean(process.stderr.isTTY),
  columns: process.stderr.columns,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`btm: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
