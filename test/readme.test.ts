// README.md is the front door: its function reference is the catalogue's, and its commands exist.
import fs from 'node:fs';
import path from 'node:path';
import { CATALOGUE } from '../core';
import { referenceMarkdown } from '../build/host-metadata';
import { withReference } from '../build/readme';

const root = path.resolve(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const scripts = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts;

describe('README', () => {
  it('holds the function reference generated from the catalogue (run `npm run docs` when this fails)', () => {
    expect(withReference(readme)).toBe(readme);
  });
  it('documents every catalogue function in both spellings', () => {
    for (const f of CATALOGUE) {
      expect(readme).toContain(`BTM.${f.name}(`);
      expect(readme).toContain(`BTM_${f.name}(`);
    }
  });
  it('the reference changes when the catalogue does', () => {
    const fewer = referenceMarkdown(CATALOGUE.slice(1));
    expect(withReference(readme, fewer)).not.toBe(readme);
  });
  it('names npm commands that package.json defines', () => {
    const named = [...readme.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]);
    for (const name of named) expect(scripts).toHaveProperty(name);
    expect(readme).toMatch(/npm test/);
    expect(readme).toMatch(/npm start/);
  });
});
