import { describe, expect, it } from 'vitest';
import { classroomUrl, parseHidden } from '../../src/model/classroom';

describe('classroom link', () => {
  it('reads known groups and reports the rest', () => {
    expect(parseHidden('advanced,sweep')).toEqual({ hidden: ['advanced', 'sweep'], rejected: [] });
    expect(parseHidden('sweep,,<script>,sweep,constructor')).toEqual({
      hidden: ['sweep'],
      rejected: ['<script>', 'constructor'],
    });
    expect(parseHidden(null)).toEqual({ hidden: [], rejected: [] });
    expect(parseHidden('a'.repeat(500))).toEqual({ hidden: [], rejected: ['hide'] });
  });
  it('writes the hide list into the current URL, keeping the settings', () => {
    const url = classroomUrl('http://x/app/?dataset=blobs&alpha=0.3', ['advanced', 'files']);
    const q = new URL(url).searchParams;
    expect(q.get('hide')).toBe('advanced,files');
    expect(q.get('alpha')).toBe('0.3');
    expect(new URL(classroomUrl(url, [])).searchParams.has('hide')).toBe(false);
  });
});
