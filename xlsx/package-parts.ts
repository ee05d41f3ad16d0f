// Finishing touches on the bytes of an .xlsx that exceljs wrote, for what exceljs cannot write:
//
// - Web extension (task pane) parts, so Excel opens the BTM add-in with the workbook.
// - Dynamic-array metadata, so Excel 365 reads an array formula as a spilling formula rather
//   than a legacy Ctrl+Shift+Enter array (which shows `{=...}` and cannot be edited per cell).
//
// The package is edited as text: only the parts that need a change are rewritten, by inserting
// elements or attributes; every other byte of every part stays as exceljs wrote it.
import JSZip from 'jszip';

/** Where an add-in comes from, as a workbook's `we:reference` names it. */
export interface WebExtensionRef {
  /** The add-in's id: manifest.xml <Id> (798f0dd7-169f-4348-af82-d04a65739a2b) */
  readonly id: string;
  /** manifest.xml <Version>, e.g. '0.1.0.0' */
  readonly version: string;
  /** How the add-in is distributed: see STORES. */
  readonly store: string;
  readonly storeType: string;
}

export interface PackageOptions {
  /** Add the web extension (task pane) parts so Excel offers/opens the add-in when the file is opened. */
  readonly webExtension?: WebExtensionRef & { readonly autoShow?: boolean };
  /** Per sheet name: anchor cells (e.g. 'H4') whose <f t="array" ref=...> formula is an Excel 365 dynamic array (spill), not a legacy CSE array. */
  readonly dynamicArrays?: Readonly<Record<string, readonly string[]>>;
}

/**
 * The `store`/`storeType` pairs that matter for this add-in, from Microsoft's "Automatically open
 * a task pane with a document" page (table of storeType values).
 *
 * - `centralized` (the default, see webExtensionFromManifest): the manifest is uploaded in the
 *   Microsoft 365 admin center (Centralized Deployment), the row Microsoft names for that. A
 *   recipient to whom the admin deployed the add-in gets its task pane opened with the workbook
 *   (the first time after a trust prompt); for anyone else Excel finds no such add-in in their
 *   catalog, so the pane cannot load (Excel may say so) and the workbook works as usual.
 *   Microsoft's 2026 changes (office-js-docs-pr "Document updates to autoopen feature") keep
 *   auto-open for manifests uploaded in the admin center and drop it for AppSource installs.
 * - `sideloaded`: a developer's sideloaded manifest (the "Registry" row, store "developer");
 *   it only resolves on a machine where the add-in is sideloaded.
 */
export const STORES = {
  centralized: { store: 'EXCatalog', storeType: 'EXCatalog' },
  sideloaded: { store: 'developer', storeType: 'Registry' },
} as const;

// ---------------------------------------------------------------------------------------------
// Names from the specifications

/** Open Packaging Conventions (ECMA-376 Part 2) and SpreadsheetML (ECMA-376 Part 1). */
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const OFFICE_DOCUMENT_REL = `${REL_NS}/officeDocument`;
const WORKSHEET_REL = `${REL_NS}/worksheet`;

/**
 * Web extension parts: [MS-OWEXML] "Office Web Extensibility Extensions to Office Open XML"
 * (webextension and taskpanes schemas), with the relationship and content types the Open XML
 * SDK gives WebExTaskpanesPart and WebExtensionPart; the package root holds the taskpanes
 * relationship, as in Microsoft's Office-OOXML-EmbedAddin sample.
 */
const TASKPANES_REL = 'http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes';
const WEBEXTENSION_REL = 'http://schemas.microsoft.com/office/2011/relationships/webextension';
const TASKPANES_TYPE = 'application/vnd.ms-office.webextensiontaskpanes+xml';
const WEBEXTENSION_TYPE = 'application/vnd.ms-office.webextension+xml';
const WE_NS = 'http://schemas.microsoft.com/office/webextensions/webextension/2010/11';
const WETP_NS = 'http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11';
const TASKPANES_PART = 'xl/webextensions/taskpanes.xml';
const TASKPANES_RELS_PART = 'xl/webextensions/_rels/taskpanes.xml.rels';
const WEBEXTENSION_PART = 'xl/webextensions/webextension1.xml';

/**
 * Cell metadata: ECMA-376 Part 1 §12.3.10 "Metadata Part" (relationship and content type) and
 * [MS-XLSX] dynamicArrayProperties (namespace .../2017/dynamicarray, extension URI below).
 * Cell attribute cm="1" points (1-based) at the only cellMetadata block: the XLDAPR entry.
 */
const METADATA_REL = `${REL_NS}/sheetMetadata`;
const METADATA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml';
const METADATA_PART = 'xl/metadata.xml';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const METADATA_XML =
  XML_DECL +
  '<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"' +
  ' xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">' +
  '<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1"' +
  ' pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1"' +
  ' clearComments="1" assign="1" coerce="1" cellMeta="1"/></metadataTypes>' +
  '<futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}">' +
  '<xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata>' +
  '<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>';

// ---------------------------------------------------------------------------------------------
// Entry points

export async function finishPackage(bytes: Uint8Array, options: PackageOptions): Promise<Uint8Array> {
  const pkg = await Package.open(bytes);
  const dynamic = Object.entries(options.dynamicArrays ?? {}).filter(([, anchors]) => anchors.length > 0);
  if (dynamic.length > 0) await addDynamicArrays(pkg, dynamic);
  if (options.webExtension) await addWebExtension(pkg, options.webExtension);
  // Nothing to change (or a second identical run): the caller's bytes, untouched.
  return pkg.changed ? pkg.bytes() : bytes;
}

/** The add-in reference the repo's manifest.xml declares (parse Id and Version out of its text). */
export function webExtensionFromManifest(manifestXml: string): WebExtensionRef {
  const text = manifestXml.replace(/<!--[\s\S]*?-->/g, '');
  const id = /<Id>\s*([^<]*?)\s*<\/Id>/.exec(text)?.[1];
  const version = /<Version>\s*([^<]*?)\s*<\/Version>/.exec(text)?.[1];
  if (!id || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw new Error(`The manifest has no <Id> holding a GUID (found ${id === undefined ? 'none' : `'${id}'`}).`);
  }
  if (!version || !/^\d+(\.\d+){0,3}$/.test(version)) {
    throw new Error(`The manifest has no <Version> like 1.0.0.0 (found ${version === undefined ? 'none' : `'${version}'`}).`);
  }
  return { id, version, ...STORES.centralized };
}

/**
 * Whether the .xlsx references a task pane add-in (a webextensiontaskpanes relationship at the
 * package root), and with addinId, that add-in (a we:reference with that id) among its panes.
 * False for bytes that are not a package: there is nothing to keep.
 */
export async function hasWebExtension(bytes: Uint8Array, addinId?: string): Promise<boolean> {
  let pkg: Package;
  try {
    pkg = await Package.open(bytes);
  } catch {
    return false;
  }
  for (const panes of (await pkg.relationships('')).filter((r) => r.type === TASKPANES_REL)) {
    if (addinId === undefined) return true;
    const panesPart = resolveTarget('', panes.target);
    for (const ext of (await pkg.relationships(panesPart)).filter((r) => r.type === WEBEXTENSION_REL)) {
      const part = resolveTarget(panesPart, ext.target);
      if (!pkg.has(part)) continue;
      const reference = /<(?:[\w.-]+:)?reference\b[^>]*>/.exec(await pkg.read(part))?.[0];
      if (reference && decodeXml(attr(reference, 'id') ?? '').toLowerCase() === addinId.toLowerCase()) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Dynamic arrays

async function addDynamicArrays(pkg: Package, sheets: [string, readonly string[]][]): Promise<void> {
  const workbook = await pkg.workbookPart();
  for (const [sheetName, anchors] of sheets) {
    const part = await sheetPart(pkg, workbook, sheetName);
    let xml = await pkg.read(part);
    xml = markDynamic(xml, anchors, sheetName);
    await pkg.write(part, xml);
  }
  await ensurePart(pkg, {
    path: METADATA_PART,
    text: METADATA_XML,
    contentType: METADATA_TYPE,
    source: workbook,
    relType: METADATA_REL,
    what: 'cell metadata',
  });
}

/** The worksheet part of the sheet with this name, through workbook.xml and its relationships. */
async function sheetPart(pkg: Package, workbook: string, sheetName: string): Promise<string> {
  const sheets = startTags(await pkg.read(workbook), 'sheet').map((tag) => ({
    name: decodeXml(attr(tag, 'name') ?? ''),
    rId: /\s[A-Za-z_][\w.-]*:id\s*=\s*"([^"]*)"/.exec(tag)?.[1],
  }));
  const sheet = sheets.find((s) => s.name === sheetName);
  if (!sheet) {
    throw new Error(`The workbook has no sheet named '${sheetName}' (it has ${sheets.map((s) => `'${s.name}'`).join(', ')}).`);
  }
  const rel = (await pkg.relationships(workbook)).find((r) => r.id === sheet.rId && r.type === WORKSHEET_REL);
  if (!rel) throw new Error(`The workbook's sheet '${sheetName}' points at no worksheet part (${sheet.rId}).`);
  return resolveTarget(workbook, rel.target);
}

/**
 * The sheet XML with cm="1" on each anchor cell, whose formula must be an array formula. One pass
 * over the sheet's cells, whatever the number of anchors (a sheet of many array formulas stays linear).
 */
function markDynamic(xml: string, anchors: readonly string[], sheetName: string): string {
  const wanted = new Map<string, string>();
  for (const anchor of anchors) {
    const ref = anchor.replace(/\$/g, '').toUpperCase();
    if (!/^[A-Z]{1,3}[1-9][0-9]*$/.test(ref)) throw new Error(`Sheet '${sheetName}' cell ${anchor}: not a cell address like H4.`);
    wanted.set(ref, anchor);
  }
  const out: string[] = [];
  const seen = new Set<string>();
  let copied = 0;
  const cells = /<c\b[^>]*>/g;
  for (let start = cells.exec(xml); start; start = cells.exec(xml)) {
    const startTag = start[0];
    const ref = attr(startTag, 'r');
    if (ref === undefined || !wanted.has(ref)) continue;
    const where = `Sheet '${sheetName}' cell ${wanted.get(ref)}`;
    const bodyStart = start.index + startTag.length;
    const body = startTag.endsWith('/>') ? '' : xml.slice(bodyStart, xml.indexOf('</c>', bodyStart));
    const formula = /<f\b[^>]*>/.exec(body)?.[0];
    if (!formula) throw new Error(`${where}: holds no formula, so it cannot anchor a dynamic array.`);
    if (attr(formula, 't') !== 'array' || !attr(formula, 'ref')) {
      throw new Error(`${where}: its formula is not an array formula (<f t="array" ref="...">), so it cannot spill.`);
    }
    seen.add(ref);
    const cm = attr(startTag, 'cm');
    if (cm === '1') continue;
    if (cm !== undefined) throw new Error(`${where}: already points at other cell metadata (cm="${cm}").`);
    out.push(xml.slice(copied, start.index), startTag.replace(/\s*>$/, ' cm="1">'));
    copied = bodyStart;
  }
  const missing = [...wanted.keys()].find((ref) => !seen.has(ref));
  if (missing !== undefined) throw new Error(`Sheet '${sheetName}' cell ${wanted.get(missing)}: no such cell in the sheet, so it cannot anchor a dynamic array.`);
  out.push(xml.slice(copied));
  return out.join('');
}

// ---------------------------------------------------------------------------------------------
// Web extension

async function addWebExtension(pkg: Package, ref: WebExtensionRef & { readonly autoShow?: boolean }): Promise<void> {
  const autoShow = ref.autoShow ?? true;
  const taskpanes =
    XML_DECL +
    `<wetp:taskpanes xmlns:wetp="${WETP_NS}">` +
    // visibility="1" opens the pane on first open too (and prompts to trust or get the add-in);
    // "0" only once the recipient has the add-in. Width and dock are Microsoft's sample values.
    `<wetp:taskpane dockstate="right" visibility="${autoShow ? 1 : 0}" width="350" row="0">` +
    `<wetp:webextensionref xmlns:r="${REL_NS}" r:id="rId1"/>` +
    '</wetp:taskpane></wetp:taskpanes>';
  const rels =
    XML_DECL +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rId1" Type="${WEBEXTENSION_REL}" Target="webextension1.xml"/></Relationships>`;
  const property = autoShow ? '<we:property name="Office.AutoShowTaskpaneWithDocument" value="true"/>' : '';
  const webextension =
    XML_DECL +
    `<we:webextension xmlns:we="${WE_NS}" id="${instanceId(ref.id)}">` +
    `<we:reference id="${escapeXml(ref.id)}" version="${escapeXml(ref.version)}"` +
    ` store="${escapeXml(ref.store)}" storeType="${escapeXml(ref.storeType)}"/>` +
    `<we:alternateReferences/><we:properties>${property}</we:properties><we:bindings/>` +
    `<we:snapshot xmlns:r="${REL_NS}"/></we:webextension>`;

  await ensurePart(pkg, { path: WEBEXTENSION_PART, text: webextension, contentType: WEBEXTENSION_TYPE, what: 'web extension' });
  await ensurePart(pkg, { path: TASKPANES_RELS_PART, text: rels, what: 'web extension' });
  await ensurePart(pkg, {
    path: TASKPANES_PART,
    text: taskpanes,
    contentType: TASKPANES_TYPE,
    source: '',
    relType: TASKPANES_REL,
    what: 'web extension',
  });
}

/**
 * The add-in instance's id in this workbook: a GUID derived from the add-in's id, so the same
 * input gives the same bytes. [MS-OWEXML] only asks that it identify the instance in the
 * document; Excel writes a fresh GUID per instance, distinct from the add-in's id.
 */
function instanceId(addinId: string): string {
  let hex = '';
  for (let seed = 0; seed < 4; seed++) {
    let h = 0x811c9dc5 ^ seed; // FNV-1a, four times with different seeds: 128 bits
    for (const ch of `btm-instance:${addinId}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    hex += h.toString(16).padStart(8, '0');
  }
  const g = hex.toUpperCase();
  return `{${g.slice(0, 8)}-${g.slice(8, 12)}-${g.slice(12, 16)}-${g.slice(16, 20)}-${g.slice(20, 32)}}`;
}

// ---------------------------------------------------------------------------------------------
// Adding a part once

interface NewPart {
  readonly path: string;
  readonly text: string;
  /** The [Content_Types].xml override; omitted for .rels parts (the Default covers them). */
  readonly contentType?: string;
  /** The part whose relationships point at the new part ('' for the package root). */
  readonly source?: string;
  readonly relType?: string;
  readonly what: string;
}

/** Adds the part with its relationship and content type; a second identical run changes nothing. */
async function ensurePart(pkg: Package, part: NewPart): Promise<void> {
  const refuse = (why: string) =>
    new Error(`The workbook already has ${part.what} parts (${why}); finishPackage adds its own once and does not merge them.`);
  const existing = pkg.has(part.path) ? await pkg.read(part.path) : undefined;
  if (existing !== undefined && existing !== part.text) throw refuse(`${part.path} differs`);

  if (part.source !== undefined && part.relType) {
    const rels = await pkg.relationships(part.source);
    const same = rels.filter((r) => r.type === part.relType);
    if (same.some((r) => resolveTarget(part.source!, r.target) !== part.path)) throw refuse(`another ${part.relType} relationship`);
    if (same.length === 0) await pkg.addRelationship(part.source, part.relType, relativeTarget(part.source, part.path));
  }
  if (part.contentType) await pkg.addOverride(`/${part.path}`, part.contentType);
  if (existing === undefined) await pkg.write(part.path, part.text);
}

// ---------------------------------------------------------------------------------------------
// The package: parts as text, relationships, content types

interface Relationship {
  readonly id: string;
  readonly type: string;
  readonly target: string;
}

class Package {
  changed = false;

  private constructor(
    private readonly zip: JSZip,
    private readonly date: Date,
  ) {}

  static async open(bytes: Uint8Array): Promise<Package> {
    let zip: JSZip;
    try {
      zip = await JSZip.loadAsync(bytes);
    } catch (e) {
      throw new Error(`The bytes are not an .xlsx package: ${e instanceof Error ? e.message : String(e)}`);
    }
    const types = zip.file('[Content_Types].xml');
    if (!types) throw new Error('The bytes are not an .xlsx package: it has no [Content_Types].xml.');
    // New parts get the package's own date, so the output depends on the input only.
    return new Package(zip, types.date);
  }

  has(path: string): boolean {
    return this.zip.file(path) !== null;
  }

  async read(path: string): Promise<string> {
    const file = this.zip.file(path);
    if (!file) throw new Error(`The package has no part ${path}.`);
    return file.async('string');
  }

  async write(path: string, text: string): Promise<void> {
    const old = this.zip.file(path);
    if (old && (await old.async('string')) === text) return;
    this.zip.file(path, text, { date: old?.date ?? this.date, createFolders: false });
    this.changed = true;
  }

  bytes(): Promise<Uint8Array> {
    return this.zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
  }

  /** The workbook part, named by the package's officeDocument relationship. */
  async workbookPart(): Promise<string> {
    const rel = (await this.relationships('')).find((r) => r.type === OFFICE_DOCUMENT_REL);
    if (!rel) throw new Error('The package has no workbook (no officeDocument relationship in _rels/.rels).');
    return resolveTarget('', rel.target);
  }

  async relationships(source: string): Promise<Relationship[]> {
    const path = relsPath(source);
    if (!this.has(path)) return [];
    return startTags(await this.read(path), 'Relationship').map((tag) => ({
      id: attr(tag, 'Id') ?? '',
      type: attr(tag, 'Type') ?? '',
      target: decodeXml(attr(tag, 'Target') ?? ''),
    }));
  }

  async addRelationship(source: string, type: string, target: string): Promise<void> {
    const path = relsPath(source);
    const xml = this.has(path)
      ? await this.read(path)
      : `${XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`;
    const used = new Set((await this.relationships(source)).map((r) => r.id));
    let n = 1;
    while (used.has(`rId${n}`)) n++;
    const rel = `<Relationship Id="rId${n}" Type="${type}" Target="${escapeXml(target)}"/>`;
    await this.write(path, insertBeforeClose(xml, 'Relationships', rel));
  }

  async addOverride(partName: string, contentType: string): Promise<void> {
    const xml = await this.read('[Content_Types].xml');
    const existing = startTags(xml, 'Override').find((tag) => attr(tag, 'PartName') === partName);
    if (existing) {
      if (attr(existing, 'ContentType') !== contentType) {
        throw new Error(`[Content_Types].xml already gives ${partName} the type ${attr(existing, 'ContentType')}, not ${contentType}.`);
      }
      return;
    }
    const override = `<Override PartName="${partName}" ContentType="${contentType}"/>`;
    await this.write('[Content_Types].xml', insertBeforeClose(xml, 'Types', override));
  }
}

// ---------------------------------------------------------------------------------------------
// Small XML and path helpers (parts are edited as text to keep their other bytes)

/** Every start (or empty-element) tag of this name, e.g. all `<sheet .../>` of workbook.xml. */
function startTags(xml: string, name: string): string[] {
  const re = new RegExp(`<${name}\\b[^>]*>`, 'g');
  const tags: string[] = [];
  for (let m = re.exec(xml); m; m = re.exec(xml)) tags.push(m[0]);
  return tags;
}

/** An attribute's raw (still escaped) value in one start tag. */
function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag)?.slice(1).find((v) => v !== undefined);
}

function decodeXml(s: string): string {
  return s.replace(/&(?:#x([0-9a-f]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/gi, (_, hex: string, dec: string, name: string) => {
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    if (dec) return String.fromCodePoint(parseInt(dec, 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[name.toLowerCase() as 'amp'];
  });
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The XML with the child inserted as the root element's last child (an empty `<root/>` is opened). */
function insertBeforeClose(xml: string, root: string, child: string): string {
  const close = xml.lastIndexOf(`</${root}>`);
  if (close >= 0) return xml.slice(0, close) + child + xml.slice(close);
  const empty = new RegExp(`<${root}\\b([^>]*?)\\s*/>`).exec(xml);
  if (!empty) throw new Error(`The part has no <${root}> element to add to.`);
  return xml.slice(0, empty.index) + `<${root}${empty[1]}>${child}</${root}>` + xml.slice(empty.index + empty[0].length);
}

/** The relationships part of a part ('' = the package root). */
function relsPath(source: string): string {
  const slash = source.lastIndexOf('/');
  return `${source.slice(0, slash + 1)}_rels/${source.slice(slash + 1)}.rels`;
}

/** A relationship's target as a part path (no leading slash), relative to its source part's folder. */
function resolveTarget(source: string, target: string): string {
  const base = target.startsWith('/') ? [] : source.split('/').slice(0, -1);
  const parts: string[] = [...base];
  for (const seg of target.replace(/^\//, '').split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

/** The target to write in the source's relationships for a part path. */
function relativeTarget(source: string, path: string): string {
  const folder = source.split('/').slice(0, -1).join('/');
  return folder && path.startsWith(`${folder}/`) ? path.slice(folder.length + 1) : folder ? `/${path}` : path;
}
