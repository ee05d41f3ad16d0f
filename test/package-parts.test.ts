// finishPackage on a workbook exceljs wrote: the web extension parts (task pane), the dynamic
// array metadata, their relationships and content types, exactly; every other part unchanged;
// exceljs still reads values and formulas; a second run changes nothing or refuses clearly.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { STORES, finishPackage, hasWebExtension, webExtensionFromManifest } from '../xlsx/package-parts';

const SHEET = 'R&D <Plan>';
const ADDIN = { id: '798f0dd7-169f-4348-af82-d04a65739a2b', version: '0.1.0.0', ...STORES.centralized };

/** A small workbook: an array formula H4:H6 with its spilled values, a plain formula, two sheets. */
async function smallWorkbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(SHEET);
  [1, 2, 3].forEach((v, i) => (ws.getCell(4 + i, 1).value = v));
  ws.getCell('H4').value = { formula: 'A4:A6*2', result: 2, shareType: 'array', ref: 'H4:H6' } as ExcelJS.CellValue;
  ws.getCell('H5').value = 4;
  ws.getCell('H6').value = 6;
  ws.getCell('C1').value = { formula: 'SUM(A4:A6)', result: 6 } as ExcelJS.CellValue;
  wb.addWorksheet('Other').getCell('A1').value = 'x';
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function parts(bytes: Uint8Array): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new Map<string, string>();
  for (const f of Object.values(zip.files)) if (!f.dir) out.set(f.name, await f.async('string'));
  return out;
}

const get = (m: Map<string, string>, p: string): string => {
  const text = m.get(p);
  if (text === undefined) throw new Error(`no part ${p}`);
  return text;
};

describe('finishPackage', () => {
  let original: Uint8Array;
  let before: Map<string, string>;
  beforeAll(async () => {
    original = await smallWorkbook();
    before = await parts(original);
  });

  it('adds the task pane parts, the root relationship and the content types', async () => {
    const after = await parts(await finishPackage(original, { webExtension: ADDIN }));

    const webextension = get(after, 'xl/webextensions/webextension1.xml');
    expect(webextension).toMatch(/^<\?xml version="1.0" encoding="UTF-8" standalone="yes"\?>\n<we:webextension xmlns:we="http:\/\/schemas.microsoft.com\/office\/webextensions\/webextension\/2010\/11" id="\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}">/);
    expect(webextension).not.toContain('{798F0DD7'); // the instance's id is not the add-in's
    expect(webextension).toContain(
      '<we:reference id="798f0dd7-169f-4348-af82-d04a65739a2b" version="0.1.0.0" store="EXCatalog" storeType="EXCatalog"/>' +
        '<we:alternateReferences/><we:properties><we:property name="Office.AutoShowTaskpaneWithDocument" value="true"/></we:properties>' +
        '<we:bindings/><we:snapshot xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></we:webextension>',
    );
    expect(get(after, 'xl/webextensions/taskpanes.xml')).toBe(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<wetp:taskpanes xmlns:wetp="http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11">' +
        '<wetp:taskpane dockstate="right" visibility="1" width="350" row="0">' +
        '<wetp:webextensionref xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/>' +
        '</wetp:taskpane></wetp:taskpanes>',
    );
    expect(get(after, 'xl/webextensions/_rels/taskpanes.xml.rels')).toBe(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2011/relationships/webextension" Target="webextension1.xml"/></Relationships>',
    );
    // The root relationships gain one entry at the end, with the next free id.
    expect(get(after, '_rels/.rels')).toBe(
      get(before, '_rels/.rels').replace(
        '</Relationships>',
        '<Relationship Id="rId4" Type="http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes" Target="xl/webextensions/taskpanes.xml"/></Relationships>',
      ),
    );
    expect(get(after, '[Content_Types].xml')).toBe(
      get(before, '[Content_Types].xml').replace(
        '</Types>',
        '<Override PartName="/xl/webextensions/webextension1.xml" ContentType="application/vnd.ms-office.webextension+xml"/>' +
          '<Override PartName="/xl/webextensions/taskpanes.xml" ContentType="application/vnd.ms-office.webextensiontaskpanes+xml"/></Types>',
      ),
    );
    // Every part exceljs wrote, other than the two edited, is byte for byte the same.
    for (const [name, text] of before) if (name !== '_rels/.rels' && name !== '[Content_Types].xml') expect([name, get(after, name)]).toEqual([name, text]);
    expect(after.size).toBe(before.size + 3);
  });

  it('without autoShow, references the add-in but neither opens nor tags the pane', async () => {
    const after = await parts(await finishPackage(original, { webExtension: { ...ADDIN, autoShow: false } }));
    expect(get(after, 'xl/webextensions/webextension1.xml')).toContain('<we:properties></we:properties>');
    expect(get(after, 'xl/webextensions/taskpanes.xml')).toContain('visibility="0"');
  });

  it('marks the anchor cm="1" and adds the metadata part once', async () => {
    const after = await parts(await finishPackage(original, { dynamicArrays: { [SHEET]: ['H4'] } }));
    const sheet = get(after, 'xl/worksheets/sheet1.xml');
    expect(sheet).toContain('<c r="H4" cm="1"><f t="array" ref="H4:H6">A4:A6*2</f><v>2</v></c>');
    expect(sheet).toBe(get(before, 'xl/worksheets/sheet1.xml').replace('<c r="H4">', '<c r="H4" cm="1">'));
    expect(sheet).toContain('<c r="C1"><f>SUM(A4:A6)</f><v>6</v></c>');

    expect(get(after, 'xl/metadata.xml')).toBe(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">' +
        '<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" coerce="1" cellMeta="1"/></metadataTypes>' +
        '<futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}"><xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata>' +
        '<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>',
    );
    const rels = get(after, 'xl/_rels/workbook.xml.rels');
    expect(rels).toBe(
      get(before, 'xl/_rels/workbook.xml.rels').replace(
        '</Relationships>',
        `<Relationship Id="rId${relCount(rels)}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sheetMetadata" Target="metadata.xml"/></Relationships>`,
      ),
    );
    expect(get(after, '[Content_Types].xml')).toBe(
      get(before, '[Content_Types].xml').replace(
        '</Types>',
        '<Override PartName="/xl/metadata.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml"/></Types>',
      ),
    );
    const changed = new Set(['xl/worksheets/sheet1.xml', 'xl/_rels/workbook.xml.rels', '[Content_Types].xml']);
    for (const [name, text] of before) if (!changed.has(name)) expect([name, get(after, name)]).toEqual([name, text]);
  });

  it('leaves a workbook exceljs still reads: values, formulas and the array formula', async () => {
    const bytes = await finishPackage(original, { webExtension: ADDIN, dynamicArrays: { [SHEET]: ['$H$4'] } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet(SHEET)!;
    expect(ws.getCell('H4').value).toMatchObject({ formula: 'A4:A6*2', result: 2, shareType: 'array', ref: 'H4:H6' });
    expect([ws.getCell('H5').value, ws.getCell('H6').value, ws.getCell('A6').value]).toEqual([4, 6, 3]);
    expect(ws.getCell('C1').value).toMatchObject({ formula: 'SUM(A4:A6)', result: 6 });
    expect(wb.getWorksheet('Other')!.getCell('A1').value).toBe('x');
  });

  it('is idempotent: a second identical run returns the same bytes', async () => {
    const options = { webExtension: ADDIN, dynamicArrays: { [SHEET]: ['H4'] } };
    const once = await finishPackage(original, options);
    expect(await finishPackage(once, options)).toBe(once);
    expect(await finishPackage(original, {})).toBe(original);
    // Same input, same output: the instance id and the new parts' dates come from the input.
    expect(Buffer.from(await finishPackage(original, options)).equals(Buffer.from(once))).toBe(true);
  });

  it('refuses a second, different web extension clearly', async () => {
    const once = await finishPackage(original, { webExtension: ADDIN });
    await expect(finishPackage(once, { webExtension: { ...ADDIN, version: '0.2.0.0' } })).rejects.toThrow(
      /already has web extension parts \(xl\/webextensions\/webextension1.xml differs\)/,
    );
  });

  it('names a missing sheet, a missing anchor and an anchor without an array formula', async () => {
    await expect(finishPackage(original, { dynamicArrays: { Plan: ['H4'] } })).rejects.toThrow(
      "The workbook has no sheet named 'Plan' (it has 'R&D <Plan>', 'Other').",
    );
    await expect(finishPackage(original, { dynamicArrays: { [SHEET]: ['Z99'] } })).rejects.toThrow(
      "Sheet 'R&D <Plan>' cell Z99: no such cell in the sheet",
    );
    await expect(finishPackage(original, { dynamicArrays: { [SHEET]: ['C1'] } })).rejects.toThrow(
      "Sheet 'R&D <Plan>' cell C1: its formula is not an array formula",
    );
    await expect(finishPackage(original, { dynamicArrays: { [SHEET]: ['A4'] } })).rejects.toThrow(
      "Sheet 'R&D <Plan>' cell A4: holds no formula",
    );
    await expect(finishPackage(original, { dynamicArrays: { [SHEET]: ['4H'] } })).rejects.toThrow('not a cell address');
    await expect(finishPackage(new TextEncoder().encode('not a zip'), {})).rejects.toThrow('not an .xlsx package');
  });
});

describe('hasWebExtension', () => {
  it('sees the task pane reference finishPackage added, by add-in id when asked', async () => {
    const plain = await smallWorkbook();
    const withAddin = await finishPackage(plain, { webExtension: ADDIN });
    expect(await hasWebExtension(plain)).toBe(false);
    expect(await hasWebExtension(withAddin)).toBe(true);
    expect(await hasWebExtension(withAddin, ADDIN.id.toUpperCase())).toBe(true);
    expect(await hasWebExtension(withAddin, '00000000-0000-0000-0000-000000000000')).toBe(false);
    expect(await hasWebExtension(new TextEncoder().encode('not a zip'))).toBe(false);
  });
});

describe('webExtensionFromManifest', () => {
  it("reads the repo's manifest: its Id and Version, centrally deployed", () => {
    const manifest = readFileSync(path.join(__dirname, '..', 'manifest.xml'), 'utf8');
    expect(webExtensionFromManifest(manifest)).toEqual({
      id: '798f0dd7-169f-4348-af82-d04a65739a2b',
      version: '0.1.0.0',
      store: 'EXCatalog',
      storeType: 'EXCatalog',
    });
  });

  it('says what is missing', () => {
    expect(() => webExtensionFromManifest('<OfficeApp><Version>1.0.0.0</Version></OfficeApp>')).toThrow('no <Id>');
    expect(() => webExtensionFromManifest('<OfficeApp><Id>798f0dd7-169f-4348-af82-d04a65739a2b</Id></OfficeApp>')).toThrow('no <Version>');
  });
});

/** The number of relationships in a rels part (the new one is the last, rId<count> here). */
function relCount(rels: string): number {
  return (rels.match(/<Relationship\b/g) ?? []).length;
}
