import { describe, expect, it } from 'vitest';
import type { Category } from '../store/schema.js';
import { categoryResolver, FEED_TAG_CATEGORY } from './category.js';

const CATEGORIES: Category[] = [
  ['politics', '时政'], ['world', '国际'], ['society', '社会'], ['finance', '财经'], ['tech', '科技'],
  ['sports', '体育'], ['ent', '娱乐'], ['autos', '汽车'], ['fashion', '时尚'], ['health', '健康'], ['books', '读书'],
].map(([slug, name], i) => ({ id: i + 1, slug: slug!, name: name!, position: i + 1 }));
const id = (slug: string) => CATEGORIES.find((c) => c.slug === slug)!.id;
const never = () => {
  throw new Error('the classifier must not run here');
};

describe('feed tags', () => {
  const resolve = categoryResolver(CATEGORIES, { category_id: null, auto_category: 0 });

  it('maps common section names, Chinese and English, to the default categories', () => {
    const cases: Array<[string, string]> = [
      ['科技', 'tech'], ['互联网', 'tech'], ['财经', 'finance'], ['股票', 'finance'], ['房产', 'finance'], ['体育', 'sports'],
      ['NBA', 'sports'], ['娱乐', 'ent'], ['电影', 'ent'], ['汽车', 'autos'], ['时尚', 'fashion'], ['旅游', 'fashion'],
      ['健康', 'health'], ['养生', 'health'], ['国际', 'world'], ['军事', 'world'], ['社会', 'society'], ['教育', 'society'],
      ['时政', 'politics'], ['Business', 'finance'], ['Technology', 'tech'], ['sport', 'sports'],
      // With a section suffix, in full width, with spaces and punctuation.
      ['国际新闻', 'world'], ['科技频道', 'tech'], ['体育资讯', 'sports'], ['ＮＢＡ', 'sports'], [' 财经 ', 'finance'], ['【汽车】', 'autos'],
    ];
    for (const [tag, slug] of cases) expect(resolve([tag], never), tag).toBe(id(slug));
    for (const slug of new Set(Object.values(FEED_TAG_CATEGORY))) expect(CATEGORIES.some((c) => c.slug === slug), slug).toBe(true);
  });

  it("knows the site's own categories by name and slug, and takes the first tag that means something", () => {
    expect(resolve(['读书'], never)).toBe(id('books'));
    expect(resolve(['BOOKS'], never)).toBe(id('books'));
    expect(resolve(['未知', '标签', '体育', '科技'], never)).toBe(id('sports'));
  });

  it('leaves an item unfiled when no tag means anything and the source is not auto', () => {
    expect(resolve([], never)).toBeNull();
    expect(resolve(['', '新闻', '频道', '热点'], never)).toBeNull();
  });
});

describe('precedence', () => {
  it("puts the source's category before the feed's tags, and asks the classifier only for auto sources with nothing else", () => {
    expect(categoryResolver(CATEGORIES, { category_id: id('tech'), auto_category: 0 })(['体育'], never)).toBe(id('tech'));
    expect(categoryResolver(CATEGORIES, { category_id: id('tech'), auto_category: 1 })(['体育'], never)).toBe(id('tech'));
    const auto = categoryResolver(CATEGORIES, { category_id: null, auto_category: 1 });
    expect(auto(['体育'], never)).toBe(id('sports'));
    expect(auto(['未知'], () => 'autos')).toBe(id('autos'));
    expect(auto([], () => undefined)).toBeNull();
    // A slug the site no longer has (an editor deleted the category): unfiled, not an error.
    expect(categoryResolver(CATEGORIES.filter((c) => c.slug !== 'autos'), { category_id: null, auto_category: 1 })([], () => 'autos')).toBeNull();
  });
});
