import { describe, expect, it } from 'vitest';
import { parseByline } from './byline.js';

const beijing = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => Date.UTC(y, mo - 1, d, h - 8, mi, s);

describe('parseByline', () => {
  it('reads source, author and time from the line under a headline', () => {
    expect(parseByline('来源：新华社 作者：张三 2019-09-05 11:10')).toEqual({
      source: '新华社',
      author: '张三',
      editor: undefined,
      published: { at: beijing(2019, 9, 5, 11, 10), hasTime: true },
    });
  });

  it('reads fields printed without spaces between them', () => {
    const b = parseByline('2019年09月05日 11:10来源：人民日报作者：李四责任编辑：王五');
    expect([b.source, b.author, b.editor, b.published?.at]).toEqual(['人民日报', '李四', '王五', beijing(2019, 9, 5, 11, 10)]);
  });

  it('reads labelled times and editors', () => {
    const b = parseByline('发布时间：2019-09-05 11:10:30 [责任编辑:张三]');
    expect([b.author, b.editor, b.published?.at]).toEqual([undefined, '张三', beijing(2019, 9, 5, 11, 10, 30)]);
  });

  it.each([
    ['本报记者 王五 赵六', '王五、赵六'],
    ['作者：张三、李四 2019-09-05', '张三、李四'],
    ['新华社记者张三', '张三'],
    ['文/张三', '张三'],
    ['文｜戴夫·汉森', '戴夫·汉森'],
  ])('reads the author of %s', (text, author) => {
    expect(parseByline(text).author).toBe(author);
  });

  it.each(['文化 2019-09-05', '2019-09-05 11:10 分享到微博', '来源：新华社', '记者从市图书馆了解到，全市'])('finds no author in %s', (text) => {
    expect(parseByline(text).author).toBeUndefined();
  });
});
