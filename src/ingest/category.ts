import type { Category, Source } from '../store/schema.js';
import { toHalfWidth } from '../text/normalize.js';

/**
 * Category names feeds commonly give their items (<category>, JSON Feed tags), mapped to
 * the default categories' slugs. A feed's own word is checked against the site's
 * categories first (names and slugs editors chose), then against this table.
 */
export const FEED_TAG_CATEGORY: Readonly<Record<string, string>> = {
  ...tags('politics', ['时政', '政治', '国内', '时事', '政务', '党建', '两会', 'politics', 'china', 'national']),
  ...tags('world', ['国际', '环球', '全球', '世界', '海外', '军事', '外交', 'world', 'international', 'global', 'military']),
  ...tags('society', ['社会', '民生', '法治', '法制', '本地', '城市', '教育', '三农', '农业', '故事', 'society', 'local', 'education', 'metro']),
  ...tags('finance', ['财经', '经济', '金融', '股票', '股市', '证券', '理财', '基金', '房产', '楼市', '商业', '产经', 'finance', 'business', 'economy', 'markets', 'money', 'stocks', 'realestate']),
  ...tags('tech', ['科技', '互联网', '数码', '手机', 'it', '人工智能', 'ai', '通信', '科学', '创投', 'tech', 'technology', 'science', 'internet', 'digital']),
  ...tags('sports', ['体育', '足球', '篮球', '中超', 'nba', 'cba', '运动', '赛事', '奥运', 'sports', 'sport', 'football', 'soccer', 'basketball']),
  ...tags('ent', ['娱乐', '明星', '影视', '电影', '电视', '综艺', '音乐', '文娱', '文化', '游戏', '电竞', '八卦', 'entertainment', 'ent', 'showbiz', 'movies', 'music', 'culture', 'games', 'gaming']),
  ...tags('autos', ['汽车', '车市', '新车', '新能源汽车', '车评', '用车', 'autos', 'auto', 'cars', 'motoring']),
  ...tags('fashion', ['时尚', '女性', '美容', '美妆', '服饰', '潮流', '旅游', '旅行', '生活', '家居', '美食', 'fashion', 'style', 'lifestyle', 'beauty', 'travel', 'food']),
  ...tags('health', ['健康', '医疗', '养生', '医学', '卫生', '医药', '疾控', 'health', 'medicine', 'medical', 'wellness']),
};

function tags(slug: string, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, slug]));
}

// "国际新闻", "科技频道", "体育资讯": the section word the table knows, with a suffix.
const SECTION_SUFFIX = /(新闻|频道|资讯|要闻|栏目|快讯|动态|版|news)$/u;

/** A feed's category word as the table spells it: half-width, lower case, no spaces or edge punctuation. */
function key(tag: string): string {
  return toHalfWidth(tag).toLowerCase().replace(/[\s\p{P}]+/gu, '');
}

export type CategoryClassifier = () => string | undefined;

/**
 * Files an item: the source's category when it has one; else the first of the item's own
 * categories that names a site category or a word in FEED_TAG_CATEGORY; else, for a
 * source set to auto, the text classifier (called only then: it is the costly step);
 * else unfiled.
 */
export function categoryResolver(categories: Category[], source: Pick<Source, 'category_id' | 'auto_category'>) {
  const byKey = new Map<string, number>();
  const bySlug = new Map<string, number>();
  for (const c of categories) {
    bySlug.set(c.slug.toLowerCase(), c.id);
    byKey.set(key(c.name), c.id);
    byKey.set(key(c.slug), c.id);
  }
  const fromTag = (tag: string): number | undefined => {
    const k = key(tag);
    if (k === '') return undefined;
    const direct = byKey.get(k) ?? bySlug.get(FEED_TAG_CATEGORY[k] ?? '');
    if (direct !== undefined) return direct;
    const stem = k.replace(SECTION_SUFFIX, '');
    return stem !== k && stem !== '' ? (byKey.get(stem) ?? bySlug.get(FEED_TAG_CATEGORY[stem] ?? '')) : undefined;
  };
  return (tags: string[], classify: CategoryClassifier): number | null => {
    if (source.category_id !== null) return source.category_id;
    for (const tag of tags) {
      const id = fromTag(tag);
      if (id !== undefined) return id;
    }
    if (!source.auto_category) return null;
    const slug = classify();
    return (slug !== undefined && bySlug.get(slug)) || null;
  };
}
