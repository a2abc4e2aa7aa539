/**
 * Reprint furniture: the lines a reprinting site adds around a story it copies (where it
 * came from, who edited it, a disclaimer, an editor's note, "follow us", ads). They are
 * not the story, so they must weigh nothing in its fingerprint: a few such lines moved a
 * short article's SimHash by 4–19 bits in `npm run eval -- dedup`.
 */

const LABELS = '本文来源|文章来源|稿件来源|信息来源|来源|责任编辑|编辑|校对|审核|审校|监制|原标题|原文标题|声明|免责声明|版权声明|特别声明|编者按|编者的话|编辑的话|作者|记者|通讯员|出品|策划|图片来源|图源|配图来源';
// A labelled line: the label, then a colon. Only the label is a marker; "来源于…" is text.
const LABELLED = new RegExp(`^[【\\[(（]?\\s*(?:${LABELS})\\s*[】\\])）]?\\s*[：:]`, 'u');
// On a short line the label may be followed by other punctuation or a space ("来源 | 江州网").
const LABELLED_SHORT = new RegExp(`^[【\\[(（]?\\s*(?:${LABELS})\\s*[】\\])）]?\\s*[\\s\\p{P}|]`, 'u');
// A note in brackets at the head of a line: 【编者按】…, 【广告】…
const BRACKETED = /^[【\[]\s*(编者按|编者的话|广告|推广|赞助|声明|免责声明|推荐阅读|相关阅读|延伸阅读)\s*[】\]]/u;
// Calls to action and ads; only on short lines, since a story may mention a QR code.
const ACTION = /^(点击|扫码|扫描|长按|关注|欢迎关注|下载|更多精彩|更多内容|更多资讯|戳|本文转载自|转载请注明|转载自|本文系|本文为|未经授权|版权归|如有侵权|推荐阅读|相关阅读|延伸阅读|广告|（完）|\(完\)|完$|end$)/iu;
const ACTION_MAX_CHARS = 80;
// "（来源：新华社）", "(责任编辑：李明)" inside a paragraph.
const INLINE = /[（(]\s*(?:来源|责任编辑|编辑|记者|作者|原标题)\s*[：:][^（）()]{0,40}[）)]/gu;

/** True for a line that is reprint furniture rather than part of the story. */
export function isBoilerplateLine(line: string): boolean {
  const l = line.trim();
  if (l === '') return false;
  if (LABELLED.test(l) || BRACKETED.test(l)) return true;
  return l.length <= ACTION_MAX_CHARS && (ACTION.test(l) || LABELLED_SHORT.test(l));
}

/** The text (one block per line, as htmlToText gives it) without its furniture lines and inline credits. */
export function stripBoilerplate(text: string): string {
  if (text === '') return text;
  return text
    .split('\n')
    .filter((line) => !isBoilerplateLine(line))
    .map((line) => line.replace(INLINE, ''))
    .join('\n');
}
