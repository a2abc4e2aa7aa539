import { describe, expect, it } from 'vitest';
import { escapeHtml, Highlighter, SNIPPET_CHARS } from './highlight.js';
import { MAX_INDEXED_BODY_TERMS, MAX_QUERY_CHARS, MAX_QUERY_TERMS, cutAt, indexedText, queryTerms, searchDocumentOf } from './terms.js';
import { matchExpression } from './fts5.js';

describe('Highlighter', () => {
  it('marks every term, longest first, in escaped text', () => {
    const h = new Highlighter(['地铁', '地铁站']);
    expect(h.html('<i>地铁站</i>到地铁')).toBe('&lt;i&gt;<mark>地铁站</mark>&lt;/i&gt;到<mark>地铁</mark>');
  });

  it('treats regular-expression characters in terms as text', () => {
    expect(new Highlighter(['c++', 'a.b']).html('c++ and a.b, axb')).toBe('<mark>c++</mark> and <mark>a.b</mark>, axb');
  });

  it('escapes text without terms', () => {
    expect(new Highlighter([]).html(`"'&<>`)).toBe(escapeHtml(`"'&<>`));
    expect(new Highlighter([]).snippet('<b>x</b>')).toBe('&lt;b&gt;x&lt;/b&gt;');
  });

  it('cuts a long text around the first match without splitting an emoji', () => {
    const text = `${'😀'.repeat(200)}台风${'😀'.repeat(200)}`;
    const snippet = new Highlighter(['台风']).snippet(text);
    expect(snippet).toContain('<mark>台风</mark>');
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(snippet.length).toBeLessThanOrEqual(SNIPPET_CHARS + '<mark></mark>……'.length);
  });
});

describe('query terms', () => {
  it('are the segmented words: operators and syntax are text (English stopwords like AND dropped)', () => {
    expect(queryTerms('"地铁" AND 开通 -线路 NEAR(车站*)')).toEqual(['地铁', '开通', '线路', 'near', '车站']);
    expect(queryTerms('。，！？😀')).toEqual([]);
  });

  it('are capped in length and number', () => {
    expect(queryTerms('地铁'.repeat(1000)).length).toBeLessThanOrEqual(MAX_QUERY_TERMS);
    const many = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    expect(queryTerms(many)).toHaveLength(MAX_QUERY_TERMS);
    expect(cutAt('a😀', 2)).toBe('a');
    expect(cutAt('x'.repeat(MAX_QUERY_CHARS + 5), MAX_QUERY_CHARS)).toHaveLength(MAX_QUERY_CHARS);
  });

  it('become FTS5 strings that cannot carry syntax', () => {
    expect(matchExpression(['地铁', 'a"b'])).toBe('"地铁" "a""b"');
  });

  it('index text holds search-mode terms, and only the start of a huge body', () => {
    const long = Array.from({ length: MAX_INDEXED_BODY_TERMS }, (_, i) => ['经济', '城市', '交通', '教育'][i % 4]).join('，');
    const { title, body } = indexedText(searchDocumentOf(1, '中华人民共和国', `开头${long}结尾测试`));
    expect(title.split(' ')).toEqual(expect.arrayContaining(['中华', '人民', '共和国', '中华人民共和国']));
    expect(body.split(' ')[0]).toBe('开头');
    expect(body.split(' ')).toHaveLength(MAX_INDEXED_BODY_TERMS);
  });
});
