// Keeps README.md's function reference equal to the catalogue.
//   tsx build/readme.ts          exits 1 when the reference is stale
//   tsx build/readme.ts --write  rewrites it (npm run docs)
import fs from 'node:fs';
import path from 'node:path';
import { referenceMarkdown } from './host-metadata';

export const START = '<!-- reference:start -->';
export const END = '<!-- reference:end -->';

export function withReference(readme: string, reference = referenceMarkdown()): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md lacks the ${START} ... ${END} markers`);
  return `${readme.slice(0, a + START.length)}\n${reference}${readme.slice(b)}`;
}

if (require.main === module) {
  const file = path.resolve(__dirname, '..', 'README.md');
  const readme = fs.readFileSync(file, 'utf8');
  const updated = withReference(readme);
  if (process.argv.includes('--write')) {
    fs.writeFileSync(file, updated);
    console.log('README.md function reference rewritten from the catalogue');
  } else if (updated !== readme) {
    console.error('README.md function reference is stale: run `npm run docs`');
    process.exit(1);
  }
}
