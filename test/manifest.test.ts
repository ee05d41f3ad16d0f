// The Office add-in manifest, checked offline (office-addin-manifest's validator calls a web
// service, so it cannot run here). The XML schema is order-sensitive: a child out of order makes
// Office reject the whole add-in, so the order of every element we use is checked against the
// sequences of the task-pane schema (OfficeApp 1.1, VersionOverrides 1.0, basic types 1.0).
// Every URL must be https://localhost:3000/... and name a file that `npm run build` produced.
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const ROOT = path.resolve(__dirname, '..');
const MANIFEST = path.join(ROOT, 'manifest.xml');
const DIST_EXCEL = path.join(ROOT, 'dist', 'excel');
const ORIGIN = 'https://localhost:3000/';

interface Node {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
  text: string;
}

/** fast-xml-parser's ordered output turned into a plain tree (comments dropped). */
function toTree(ordered: unknown[]): Node[] {
  const out: Node[] = [];
  for (const item of ordered as Array<Record<string, unknown>>) {
    const name = Object.keys(item).find((k) => k !== ':@');
    if (!name || name === '#text' || name === '?xml' || name === '#comment') continue;
    const attrs = (item[':@'] ?? {}) as Record<string, string>;
    const kids = item[name] as unknown[];
    const text = kids
      .filter((k) => Object.prototype.hasOwnProperty.call(k, '#text'))
      .map((k) => String((k as Record<string, unknown>)['#text']))
      .join('')
      .trim();
    out.push({ name, attrs, children: toTree(kids), text });
  }
  return out;
}

function parseManifest(xml: string): Node {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`manifest.xml is not well-formed XML: ${JSON.stringify(valid.err)}`);
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: true,
    commentPropName: '#comment',
  });
  const roots = toTree(parser.parse(xml));
  if (roots.length !== 1) throw new Error(`expected one root element, found ${roots.map((r) => r.name).join(', ')}`);
  return roots[0];
}

const names = (n: Node) => n.children.map((c) => c.name);
const child = (n: Node, name: string): Node => {
  const found = n.children.filter((c) => c.name === name);
  if (found.length !== 1) throw new Error(`<${n.name}> should have exactly one <${name}>, has ${found.length}`);
  return found[0];
};
const walk = (n: Node, visit: (n: Node, parents: Node[]) => void, parents: Node[] = []): void => {
  visit(n, parents);
  for (const c of n.children) walk(c, visit, [...parents, n]);
};
const all = (n: Node, pred: (n: Node) => boolean): Node[] => {
  const hits: Node[] = [];
  walk(n, (x) => { if (pred(x)) hits.push(x); });
  return hits;
};

/**
 * Children must follow `sequence` (a schema xs:sequence): each name known, in that order, each
 * at most once unless listed in `repeatable`. Returns the problems found, empty when in order.
 */
function orderProblems(parent: Node, sequence: readonly string[], repeatable: readonly string[] = []): string[] {
  const problems: string[] = [];
  let last = -1;
  let prevName = '';
  for (const name of names(parent)) {
    const at = sequence.indexOf(name);
    if (at < 0) problems.push(`<${name}> is not a child the schema allows in <${parent.name}>`);
    else if (at < last) problems.push(`<${name}> must come before <${prevName}> in <${parent.name}>`);
    else if (at === last && !repeatable.includes(name)) problems.push(`<${name}> appears twice in <${parent.name}>`);
    else { last = at; prevName = name; }
  }
  return problems;
}

// Schema sequences (TaskPaneApp in OfficeAppManifestV1_1.xsd; TaskPaneAppVersionOverridesV1_0.xsd).
const OFFICE_APP_ORDER = [
  'Id', 'AlternateId', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl',
  'HighResolutionIconUrl', 'SupportUrl', 'AppDomains', 'Hosts', 'Requirements', 'DefaultSettings', 'Permissions',
  'Dictionary', 'VersionOverrides',
];
const OFFICE_APP_REQUIRED = ['Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'DefaultSettings', 'Permissions', 'VersionOverrides'];
const VERSION_OVERRIDES_ORDER = ['Description', 'Requirements', 'Hosts', 'Resources', 'WebApplicationInfo', 'EquivalentAddins', 'VersionOverrides'];
const HOST_ORDER = ['Runtimes', 'AllFormFactors', 'DesktopFormFactor'];
const FORM_FACTOR_ORDER = ['GetStarted', 'FunctionFile', 'ExtensionPoint'];
const CUSTOM_FUNCTIONS_ORDER = ['Script', 'Page', 'Metadata', 'Namespace'];
const GROUP_ORDER = ['Label', 'Icon', 'Control'];
const BUTTON_ORDER = ['Label', 'Supertip', 'Icon', 'Action'];
const SUPERTIP_ORDER = ['Title', 'Description'];
const SHOW_TASKPANE_ORDER = ['TaskpaneId', 'SourceLocation', 'Title'];
const RESOURCES_ORDER = ['bt:Images', 'bt:Urls', 'bt:ShortStrings', 'bt:LongStrings'];

/** Which resource list a `resid` must point into, by the element that holds it. */
function residKind(holder: Node, parents: Node[]): 'image' | 'url' | 'short' | 'long' {
  const parent = parents[parents.length - 1]?.name;
  if (holder.name === 'bt:Image') return 'image';
  if (['SourceLocation', 'FunctionFile', 'Runtime', 'LearnMoreUrl'].includes(holder.name)) return 'url';
  if (holder.name === 'Description' && (parent === 'Supertip' || parent === 'GetStarted' || parent === 'VersionOverrides')) return 'long';
  if (['Label', 'Title', 'Namespace'].includes(holder.name)) return 'short';
  throw new Error(`unexpected resid holder <${holder.name}> in <${parent}>`);
}
const LIST_OF_KIND = { image: 'bt:Images', url: 'bt:Urls', short: 'bt:ShortStrings', long: 'bt:LongStrings' } as const;

function requireDist(): void {
  if (!fs.existsSync(path.join(DIST_EXCEL, 'taskpane.html'))) {
    throw new Error('dist/excel is missing: run `npm run build` before this test (npm test does)');
  }
}

function pngSize(file: string): { width: number; height: number } {
  const b = fs.readFileSync(file);
  if (b.length < 24 || b.toString('latin1', 1, 4) !== 'PNG' || b.toString('latin1', 12, 16) !== 'IHDR') throw new Error(`${file} is not a PNG`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('manifest.xml', () => {
  const xml = fs.readFileSync(MANIFEST, 'utf8');
  const root = parseManifest(xml);
  const vo = child(root, 'VersionOverrides');
  const host = child(child(vo, 'Hosts'), 'Host');
  const resources = child(vo, 'Resources');

  /** id -> [list name, DefaultValue] for every resource; duplicates collected separately. */
  const defined = new Map<string, { list: string; value: string }>();
  const duplicateIds: string[] = [];
  for (const list of resources.children) {
    for (const entry of list.children) {
      const id = entry.attrs.id;
      if (defined.has(id)) duplicateIds.push(id);
      defined.set(id, { list: list.name, value: entry.attrs.DefaultValue });
    }
  }
  const resource = (id: string): string => {
    const r = defined.get(id);
    if (!r) throw new Error(`resource ${id} is not defined in <Resources>`);
    return r.value;
  };

  test('is a task-pane add-in manifest (schema 1.1) with elements in schema order', () => {
    expect(root.name).toBe('OfficeApp');
    expect(root.attrs.xmlns).toBe('http://schemas.microsoft.com/office/appforoffice/1.1');
    expect(root.attrs['xsi:type']).toBe('TaskPaneApp');
    expect(root.attrs['xmlns:bt']).toBe('http://schemas.microsoft.com/office/officeappbasictypes/1.0');
    expect(orderProblems(root, OFFICE_APP_ORDER)).toEqual([]);
    expect(OFFICE_APP_REQUIRED.filter((n) => !names(root).includes(n))).toEqual([]);
  });

  test('identity: a fresh GUID, version, provider and display name', () => {
    const id = child(root, 'Id').text;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i);
    // Not the GUID of the OfficeDev shared-runtime template: a copied Id clashes on sideloading.
    expect(id.toLowerCase()).not.toBe('ca968be6-628b-4f14-ba3c-3e614effa9bd');
    expect(child(root, 'Version').text).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(child(root, 'ProviderName').text).toBe('btm-portfolio contributors');
    expect(child(root, 'DisplayName').attrs.DefaultValue).toBe('BTM Portfolio');
    expect(child(root, 'Description').attrs.DefaultValue.length).toBeLessThanOrEqual(250);
  });

  test('runs in Excel, needs SharedRuntime 1.1 and ReadWriteDocument, trusts no extra domain', () => {
    const hosts = child(root, 'Hosts').children;
    expect(hosts.map((h) => h.attrs.Name)).toEqual(['Workbook']);
    const sets = child(child(root, 'Requirements'), 'Sets').children;
    expect(sets).toContainEqual(expect.objectContaining({ name: 'Set', attrs: { Name: 'SharedRuntime', MinVersion: '1.1' } }));
    expect(child(root, 'Permissions').text).toBe('ReadWriteDocument');
    const domains = names(root).includes('AppDomains') ? child(root, 'AppDomains').children.map((d) => d.text) : [];
    expect(domains.filter((d) => d !== ORIGIN.replace(/\/$/, ''))).toEqual([]);
    expect(child(child(root, 'DefaultSettings'), 'SourceLocation').attrs.DefaultValue).toBe(resource('Taskpane.Url'));
  });

  test('VersionOverrides 1.0 with the Workbook host: Runtimes first, then AllFormFactors, then DesktopFormFactor', () => {
    expect(vo.attrs.xmlns).toBe('http://schemas.microsoft.com/office/taskpaneappversionoverrides');
    expect(vo.attrs['xsi:type']).toBe('VersionOverridesV1_0');
    expect(orderProblems(vo, VERSION_OVERRIDES_ORDER)).toEqual([]);
    expect(child(vo, 'Hosts').children).toHaveLength(1);
    expect(host.attrs['xsi:type']).toBe('Workbook');
    expect(names(host)).toEqual(HOST_ORDER);
    const runtimes = child(host, 'Runtimes').children;
    expect(runtimes).toEqual([expect.objectContaining({ name: 'Runtime', attrs: { resid: 'Taskpane.Url', lifetime: 'long' } })]);
  });

  test('custom functions: Script, Page (the shared runtime page), Metadata and the BTM namespace', () => {
    const points = child(host, 'AllFormFactors').children;
    expect(points.map((p) => [p.name, p.attrs['xsi:type']])).toEqual([['ExtensionPoint', 'CustomFunctions']]);
    const cf = points[0];
    expect(orderProblems(cf, CUSTOM_FUNCTIONS_ORDER)).toEqual([]);
    expect(names(cf)).toEqual(CUSTOM_FUNCTIONS_ORDER);
    const src = (name: string) => child(child(cf, name), 'SourceLocation').attrs.resid;
    expect(src('Script')).toBe('Functions.Script.Url');
    expect(src('Page')).toBe('Taskpane.Url');
    expect(src('Metadata')).toBe('Functions.Metadata.Url');
    const ns = child(cf, 'Namespace').attrs.resid;
    expect(ns).toBe('Functions.Namespace');
    expect(defined.get(ns)?.list).toBe('bt:ShortStrings');
    const value = resource(ns);
    expect(value).toBe('BTM');
    expect(value.length).toBeLessThanOrEqual(32);
    expect(value).toMatch(/^[A-Za-z0-9.]+$/);
  });

  test('ribbon: FunctionFile is the shared page and a Home-tab button shows the task pane', () => {
    const desktop = child(host, 'DesktopFormFactor');
    expect(orderProblems(desktop, FORM_FACTOR_ORDER, ['ExtensionPoint'])).toEqual([]);
    expect(child(desktop, 'FunctionFile').attrs.resid).toBe('Taskpane.Url');
    const surfaces = desktop.children.filter((c) => c.name === 'ExtensionPoint');
    expect(surfaces.map((s) => s.attrs['xsi:type'])).toEqual(['PrimaryCommandSurface']);
    const tab = child(surfaces[0], 'OfficeTab');
    expect(tab.attrs.id).toBe('TabHome');
    const groups = tab.children;
    expect(groups.length).toBeGreaterThan(0);
    const buttons: Node[] = [];
    for (const group of groups) {
      expect(group.name).toBe('Group');
      expect(orderProblems(group, GROUP_ORDER, ['Control'])).toEqual([]);
      for (const control of group.children.filter((c) => c.name === 'Control')) {
        expect(control.attrs['xsi:type']).toBe('Button');
        expect(orderProblems(control, BUTTON_ORDER)).toEqual([]);
        expect(names(control)).toEqual(BUTTON_ORDER);
        expect(names(child(control, 'Supertip'))).toEqual(SUPERTIP_ORDER);
        buttons.push(control);
      }
    }
    const showPane = buttons.map((b) => child(b, 'Action')).filter((a) => a.attrs['xsi:type'] === 'ShowTaskpane');
    expect(showPane).toHaveLength(1);
    expect(orderProblems(showPane[0], SHOW_TASKPANE_ORDER)).toEqual([]);
    expect(child(showPane[0], 'SourceLocation').attrs.resid).toBe('Taskpane.Url');
    // A shared runtime supports one task pane: it needs a TaskpaneId.
    expect(child(showPane[0], 'TaskpaneId').text).not.toBe('');
    for (const icon of all(desktop, (n) => n.name === 'Icon')) {
      expect(icon.children.map((i) => [i.name, i.attrs.size])).toEqual([['bt:Image', '16'], ['bt:Image', '32'], ['bt:Image', '80']]);
    }
  });

  test('every resid is defined exactly once, in the right list, and every resource is used', () => {
    expect(orderProblems(resources, RESOURCES_ORDER)).toEqual([]);
    expect(duplicateIds).toEqual([]);
    const used = new Set<string>();
    const wrong: string[] = [];
    walk(vo, (n, parents) => {
      const resid = n.attrs.resid;
      if (resid === undefined) return;
      used.add(resid);
      const want = LIST_OF_KIND[residKind(n, parents)];
      const got = defined.get(resid)?.list;
      if (got !== want) wrong.push(`<${n.name} resid="${resid}"> needs an entry in <${want}>, found ${got ?? 'none'}`);
    });
    expect(wrong).toEqual([]);
    expect([...defined.keys()].filter((id) => !used.has(id))).toEqual([]);
    for (const id of [...defined.keys(), ...used]) expect(id.length).toBeLessThanOrEqual(32);
    // Schema limits: ShortString 125 characters, LongString 250; no empty values.
    const limit: Record<string, number> = { 'bt:ShortStrings': 125, 'bt:LongStrings': 250, 'bt:Urls': 2048, 'bt:Images': 2048 };
    const badValues = [...defined].filter(([, { list, value }]) => !value || value.length > limit[list]).map(([id]) => id);
    expect(badValues).toEqual([]);
    for (const r of ['Taskpane.Url', 'Functions.Script.Url', 'Functions.Metadata.Url', 'Functions.Namespace']) expect(used).toContain(r);
  });

  test('control, group and task-pane ids are unique', () => {
    const ids = all(vo, (n) => n.attrs.id !== undefined && !n.name.startsWith('bt:') && n.name !== 'OfficeTab').map((n) => n.attrs.id);
    ids.push(...all(vo, (n) => n.name === 'TaskpaneId').map((n) => n.text));
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  describe('URLs and the built files they point at', () => {
    const urls: string[] = [];
    walk(root, (n) => {
      for (const [k, v] of Object.entries(n.attrs)) if (!k.startsWith('xmlns') && /^[a-z][a-z0-9+.-]*:\/\//i.test(v)) urls.push(v);
      if (/^https?:\/\//i.test(n.text)) urls.push(n.text);
    });

    test('every URL is served from https://localhost:3000/', () => {
      expect(urls.length).toBeGreaterThanOrEqual(6);
      expect(urls.filter((u) => !u.startsWith(ORIGIN))).toEqual([]);
    });

    test('every URL names a file that `npm run build` put in dist/excel', () => {
      requireDist();
      const missing = urls
        .map((u) => new URL(u).pathname.replace(/^\//, ''))
        .filter((rel) => rel === '' || !fs.statSync(path.join(DIST_EXCEL, rel), { throwIfNoEntry: false })?.isFile());
      expect(missing).toEqual([]);
    });

    test('icons are PNGs of the sizes the manifest declares', () => {
      requireDist();
      const declared: Array<[string, number]> = [
        [child(root, 'IconUrl').attrs.DefaultValue, 32],
        [child(root, 'HighResolutionIconUrl').attrs.DefaultValue, 64],
        ...all(vo, (n) => n.name === 'bt:Image' && n.attrs.resid !== undefined).map((n): [string, number] => [resource(n.attrs.resid), Number(n.attrs.size)]),
      ];
      for (const [url, size] of declared) {
        const file = path.join(DIST_EXCEL, new URL(url).pathname);
        expect([url, pngSize(file)]).toEqual([url, { width: size, height: size }]);
      }
    });

    test('the shared page loads the custom-functions script and Office.js', () => {
      requireDist();
      const html = fs.readFileSync(path.join(DIST_EXCEL, new URL(resource('Taskpane.Url')).pathname), 'utf8');
      const script = path.posix.basename(new URL(resource('Functions.Script.Url')).pathname);
      // The HTML is minified: attribute values may be unquoted.
      const srcs = [...html.matchAll(/<script[^>]*\ssrc=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g)].map((m) => m[1] ?? m[2] ?? m[3]);
      expect(srcs).toContain('https://appsforoffice.microsoft.com/lib/1/hosted/office.js');
      expect(srcs.map((s) => path.posix.basename(s))).toContain(script);
      // Functions register before the task pane code runs (the page is the custom-functions runtime too).
      expect(srcs.findIndex((s) => path.posix.basename(s) === script)).toBeGreaterThan(srcs.indexOf('https://appsforoffice.microsoft.com/lib/1/hosted/office.js'));
      const metadata = JSON.parse(fs.readFileSync(path.join(DIST_EXCEL, new URL(resource('Functions.Metadata.Url')).pathname), 'utf8'));
      expect(Array.isArray(metadata.functions) && metadata.functions.length > 0).toBe(true);
    });
  });
});

describe('the order checker itself', () => {
  const parser = (xml: string) => parseManifest(xml);
  test('flags an element out of order, an unknown one and a repeat', () => {
    const host = parser('<Host><AllFormFactors/><Runtimes/></Host>');
    expect(orderProblems(host, HOST_ORDER)).toEqual(['<Runtimes> must come before <AllFormFactors> in <Host>']);
    expect(orderProblems(parser('<Host><Runtimes/><Bogus/></Host>'), HOST_ORDER)).toEqual(['<Bogus> is not a child the schema allows in <Host>']);
    expect(orderProblems(parser('<Host><Runtimes/><Runtimes/></Host>'), HOST_ORDER)).toEqual(['<Runtimes> appears twice in <Host>']);
    expect(orderProblems(parser('<G><Label/><Icon/><Control/><Control/></G>'), GROUP_ORDER, ['Control'])).toEqual([]);
  });
  test('rejects XML that is not well-formed', () => {
    expect(() => parser('<OfficeApp><Id></OfficeApp>')).toThrow(/not well-formed/);
  });
});
