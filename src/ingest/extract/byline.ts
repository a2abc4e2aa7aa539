import { parseChineseTime, type ParsedTime } from './time.js';

/** What the line under a Chinese headline says: `来源：新华社 作者：张三 2019-09-05 11:10`. */
export interface Byline {
  author?: string;
  editor?: string;
  source?: string;
  published?: ParsedTime;
}

// Labels that end a name: the next field of the byline begins.
const LABELS = ['责任编辑', '编辑', '责编', '来源', '作者', '记者', '发布时间', '发稿时间', '更新时间', '时间', '日期', '通讯员', '摄影', '报道', '字号', '分享', '评论', '阅读'];
const NAME_STOP = new RegExp(`${LABELS.join('|')}|\\d{4}|[\\s:：|｜/,，;；()（）\\[\\]【】<>《》]`);
const AUTHOR = /(?:作者|撰文|本报记者|新华社记者|记者)\s*([:：/|｜]?)\s*|(?:^|[\s(（【[])文\s*([:：/|｜])\s*/g;
const EDITOR = /(?:责任编辑|责编|编辑)\s*([:：]?)\s*/g;
const SOURCE = /来源\s*([:：])\s*/g;
const MAX_NAME_CHARS = 20;
// "记者从市图书馆了解到" is a sentence: without a colon after its label, a name is a Chinese name.
const UNLABELLED_NAME = /^[\p{Script=Han}·]{2,5}$/u;

export function parseByline(text: string): Byline {
  const flat = text.replace(/[\s\u3000]+/g, ' ');
  return {
    author: namesAfter(flat, AUTHOR),
    editor: namesAfter(flat, EDITOR),
    source: namesAfter(flat, SOURCE),
    published: parseChineseTime(flat),
  };
}

/** The first name after a label; several names joined by 、 or spaces are kept together. */
function namesAfter(text: string, label: RegExp): string | undefined {
  for (const m of text.matchAll(label)) {
    const names: string[] = [];
    let rest = text.slice(m.index + m[0].length);
    for (;;) {
      const name = leadingName(rest);
      if (!name) break;
      const hasSeparator = m.slice(1).some((sep) => !!sep);
      if (!hasSeparator && !UNLABELLED_NAME.test(name)) break;
      names.push(name);
      // "记者 张三 李四" and "张三、李四" name several people; anything else ends the field.
      const next = /^(?:、| (?=[\p{Script=Han}]{2,3}(?: |$)))/u.exec(rest.slice(name.length));
      if (!next) break;
      rest = rest.slice(name.length + next[0].length);
    }
    if (names.length) return names.join('、');
  }
  return undefined;
}

function leadingName(text: string): string | undefined {
  const stop = NAME_STOP.exec(text);
  const name = (stop ? text.slice(0, stop.index) : text).slice(0, MAX_NAME_CHARS + 1);
  return name.length >= 2 && name.length <= MAX_NAME_CHARS ? name : undefined;
}
