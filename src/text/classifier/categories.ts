/**
 * The classifier's labels (TNEWS's 15) on Redian's default categories. Redian keeps its
 * ten tabs rather than adding one per label (教育, 房产, 旅游, 军事…): such a tab would be
 * filled by the classifier alone, right for only 40–70% of headlines per label, while
 * folded into the ten the same predictions land in the right tab two times in three
 * (`npm run eval -- category`); editors can still add categories and file sources by
 * hand. Each label goes where a Chinese portal usually shelves it.
 */
export const LABEL_CATEGORY: Readonly<Record<string, string>> = {
  news_story: 'society', // 故事: human-interest stories
  news_culture: 'ent', // 文化: books, history, arts → 文娱
  news_entertainment: 'ent',
  news_sports: 'sports',
  news_finance: 'finance',
  news_house: 'finance', // 房产: portals shelve property under 财经
  news_car: 'autos',
  news_edu: 'society', // 教育: schools and exams are 社会 news
  news_tech: 'tech',
  news_military: 'world', // 军事: mostly foreign and defence affairs
  news_travel: 'fashion', // 旅游: lifestyle, beside 时尚
  news_world: 'world',
  news_stock: 'finance',
  news_agriculture: 'society', // 农业 / 三农
  news_game: 'ent', // 电竞 and games: entertainment
};

/** The Redian category slug for a classifier label, undefined for a label not in the table. */
export function categoryOfLabel(label: string): string | undefined {
  return LABEL_CATEGORY[label];
}
