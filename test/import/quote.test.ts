import { describe, expect, it } from 'vitest';
import { QUOTE_MAX, quote } from '../../src/import/errors';
import { loadFiles, type NamedBlob } from '../../src/import/load';

const named = (text: string, name: string): NamedBlob => Object.assign(new Blob([text]), { name });

describe('quote (values in error messages)', () => {
  it('keeps a short value whole', () => {
    expect(quote('abc')).toBe("'abc'");
    const exact = 'x'.repeat(QUOTE_MAX);
    expect(quote(exact)).toBe(`'${exact}'`);
  });

  it('cuts a long value to QUOTE_MAX characters with … and states its full length', () => {
    const long = 'y'.repeat(5000);
    const q = quote(long);
    expect(q).toBe(`'${'y'.repeat(QUOTE_MAX - 1)}…' (5,000 characters)`);
    expect(Array.from(q.slice(1, q.indexOf("'", 1))).length).toBe(QUOTE_MAX);
  });

  it('counts characters, not UTF-16 units, so a cut never splits one', () => {
    const emoji = '😀'.repeat(50);
    const q = quote(emoji);
    expect(q).toBe(`'${'😀'.repeat(QUOTE_MAX - 1)}…' (50 characters)`);
  });

  it('a CSV with a 5,000-character field gives a readable message', async () => {
    const bad = 'z'.repeat(5000);
    const csv = `0,1.0,2.0\n1,${bad},0.5\n`;
    const err = await loadFiles([named(csv, 'long.csv')]).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toBe(
      `long.csv: line 2, logit 0: '${'z'.repeat(QUOTE_MAX - 1)}…' (5,000 characters) is not a number`,
    );
    const label = await loadFiles([named(`${'9'.repeat(300)},1,2\n`, 'label.csv')]).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(label?.message).toMatch(
      /^label\.csv: label '9{39}…' \(300 characters\) on line 1 is out of range/,
    );
    expect(label!.message.length).toBeLessThan(200);
  });
});
