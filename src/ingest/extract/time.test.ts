import { describe, expect, it } from 'vitest';
import { parseChineseTime } from './time.js';

const beijing = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => Date.UTC(y, mo - 1, d, h - 8, mi, s);

describe('parseChineseTime', () => {
  it.each([
    ['2019-09-05 11:10', beijing(2019, 9, 5, 11, 10)],
    ['2019-09-05 11:10:30', beijing(2019, 9, 5, 11, 10, 30)],
    ['2019/9/5 11:10', beijing(2019, 9, 5, 11, 10)],
    ['2019.09.05 11:10', beijing(2019, 9, 5, 11, 10)],
    ['2019年09月05日 11:10', beijing(2019, 9, 5, 11, 10)],
    ['2016年10月14日07:17', beijing(2016, 10, 14, 7, 17)],
    ['发布时间：2019年9月5日 11时10分', beijing(2019, 9, 5, 11, 10)],
  ])('reads %s as Beijing time', (text, at) => {
    expect(parseChineseTime(text)).toEqual({ at, hasTime: true });
  });

  it('honours an explicit zone', () => {
    expect(parseChineseTime('2019-09-05T03:10:00Z')?.at).toBe(Date.UTC(2019, 8, 5, 3, 10));
    expect(parseChineseTime('2019-09-05T03:10:00.000Z')?.at).toBe(Date.UTC(2019, 8, 5, 3, 10));
    expect(parseChineseTime('2019-09-05T11:10:00+08:00')?.at).toBe(Date.UTC(2019, 8, 5, 3, 10));
    expect(parseChineseTime('2019-09-05T05:10:00+0200')?.at).toBe(Date.UTC(2019, 8, 5, 3, 10));
  });

  it('marks a date without a time as such (midnight in Beijing)', () => {
    expect(parseChineseTime('2017-03-10')).toEqual({ at: beijing(2017, 3, 10), hasTime: false });
  });

  it.each(['2019-02-30', '2019-13-01 10:00', '1985年3月1日', '2019-09-05 25:10', '没有日期'])('rejects %s', (text) => {
    expect(parseChineseTime(text)).toBeUndefined();
  });
});
