// The catalogue's declarations: well formed, and the compiler holds implementations to them.
import { CATALOGUE, CellValue, Range, defineFunction, invoke, isSheetError } from '../core';

describe('catalogue', () => {
  it('names are unique, upper case and usable in both hosts', () => {
    const names = CATALOGUE.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[A-Z][A-Z0-9]*$/);
  });

  it('optional parameters come last', () => {
    for (const f of CATALOGUE) {
      const firstOptional = f.params.findIndex((p) => p.optional);
      if (firstOptional >= 0) expect(f.params.slice(firstOptional).every((p) => p.optional)).toBe(true);
    }
  });

  it('every function and parameter is described', () => {
    for (const f of CATALOGUE) {
      expect(f.summary.length).toBeGreaterThan(20);
      for (const p of f.params) expect(p.description.length).toBeGreaterThan(5);
    }
  });

  it('types each implementation from its parameters', () => {
    const spec = defineFunction({
      name: 'FIRSTCELL',
      summary: 'The first cell of a range, or the given value.',
      details: '',
      params: [
        { name: 'range', description: 'Any range.', shape: 'range', type: 'any' },
        { name: 'value', description: 'Any value.', shape: 'scalar', type: 'any', optional: true },
      ] as const,
      result: 'scalar',
      resultDescription: 'A number.',
      impl: (range: Range, value: CellValue) => {
        // @ts-expect-error a range is not a single cell value
        const wrong: CellValue = range;
        void wrong;
        return typeof value === 'number' ? value : typeof range[0]?.[0] === 'number' ? (range[0][0] as number) : 0;
      },
    });
    expect(invoke(spec, [[[7]], undefined])).toBe(7);
    expect(invoke(spec, [5, 3])).toBe(3); // a single cell passed to a range parameter becomes a 1x1 range
  });

  it('turns an exception inside an implementation into #VALUE! instead of throwing', () => {
    const spec = defineFunction({
      name: 'BROKEN',
      summary: 'Always throws, to prove the boundary holds.',
      details: '',
      params: [] as const,
      result: 'scalar',
      resultDescription: 'Nothing.',
      impl: () => {
        throw new Error('boom');
      },
    });
    const r = invoke(spec, []);
    expect(isSheetError(r) && r.code).toBe('#VALUE!');
    expect(isSheetError(r) && r.message).toMatch(/internal error \(boom\)/);
  });

  it('turns a non-finite result into #NUM!', () => {
    const spec = defineFunction({
      name: 'INFINITE',
      summary: 'Returns infinity, to prove the boundary holds.',
      details: '',
      params: [] as const,
      result: 'scalar',
      resultDescription: 'Nothing.',
      impl: () => Infinity,
    });
    const r = invoke(spec, []);
    expect(isSheetError(r) && r.code).toBe('#NUM!');
  });

  describe('asynchronous implementations (solver-backed functions)', () => {
    const later = <T>(x: T) => new Promise<T>((resolve) => setTimeout(() => resolve(x), 1));
    const spec = (impl: () => Promise<unknown>, result: 'scalar' | 'table' = 'scalar') =>
      defineFunction({ name: 'LATER', summary: 'Answers later, to prove the boundary holds.', details: '', params: [] as const, result, resultDescription: 'Anything.', impl: impl as never });

    it('answer with a Promise of the cleaned outcome', async () => {
      const table = invoke(spec(() => later([[1, Infinity], [null, 'x']]), 'table'), []);
      expect(table).toBeInstanceOf(Promise);
      const cells = (await table) as CellValue[][];
      expect(cells[0][0]).toBe(1);
      expect(isSheetError(cells[0][1]) && cells[0][1].code).toBe('#NUM!');
      expect(cells[1]).toEqual([null, 'x']);
      await expect(invoke(spec(() => later(7)), [])).resolves.toBe(7);
    });

    it('turn a rejected Promise into #VALUE! instead of rejecting', async () => {
      const r = await invoke(spec(() => Promise.reject(new Error('no wasm'))), []);
      expect(isSheetError(r) && r.code).toBe('#VALUE!');
      expect(isSheetError(r) && r.message).toBe('LATER: internal error (no wasm); please report it');
    });

    it('check the arguments before anything runs: a bad call answers at once, without a Promise', () => {
      const r = invoke(spec(() => later(1)), [1]);
      expect(isSheetError(r) && r.message).toBe('LATER takes at most 0 arguments, not 1');
    });
  });
});
