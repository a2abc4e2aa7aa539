import { describe, expect, it } from 'vitest';
import { openStore } from '../../store/db.js';
import { migrateToLatest } from '../../store/migrate.js';
import { createRepos } from '../../store/repos/index.js';
import { sharedData } from '../../testing/shared-data.js';
import { categoryOfLabel, LABEL_CATEGORY } from './categories.js';
import { evaluate } from './evaluate.js';
import { shippedClassifier, TextClassifier } from './model.js';
import { readTnews, TNEWS_TEST_FILE, tnewsText } from './tnews.js';
import { train } from './train.js';

// The target of issue 4 for the shipped model, measured on test_public only.
const TARGET_ACCURACY = 0.55;

const data = sharedData('tnews', [TNEWS_TEST_FILE], 'text classifier on TNEWS test_public (tnews)');

describe.skipIf(data.skip)(data.title, () => {
  it(`labels at least ${Math.round(TARGET_ACCURACY * 100)}% of the test headlines right, every label better than chance`, () => {
    const examples = readTnews(data.dir, TNEWS_TEST_FILE).map((r) => ({ text: tnewsText(r), label: r.label! }));
    const result = evaluate(shippedClassifier(), examples);
    expect(result.examples).toBeGreaterThan(1000);
    expect(result.accuracy).toBeGreaterThanOrEqual(TARGET_ACCURACY);
    for (const l of result.labels) expect(l.accuracy, l.label).toBeGreaterThan(1 / result.labels.length);
  });
});

describe('shipped classifier', () => {
  const model = shippedClassifier();

  it('knows the 15 TNEWS labels, each mapped to a category a new site has', async () => {
    expect(model.labels.length).toBe(15);
    const store = await openStore({ url: ':memory:' });
    await migrateToLatest(store);
    const slugs = new Set((await createRepos(store).categories.list()).map((c) => c.slug));
    await store.close();
    for (const label of model.labels) expect(slugs.has(categoryOfLabel(label) ?? ''), label).toBe(true);
    expect(Object.keys(LABEL_CATEGORY).sort()).toEqual([...model.labels].sort());
  });

  it('files plain headlines where a reader would look for them', () => {
    expect(categoryOfLabel(model.predict('国足世预赛客场两球击败对手 主教练赛后点评球员表现')!.label)).toBe('sports');
    expect(categoryOfLabel(model.predict('央行下调存款准备金率 股市A股三大指数集体高开')!.label)).toBe('finance');
    const p = model.predict('新款电动SUV上市 续航里程600公里')!;
    expect(categoryOfLabel(p.label)).toBe('autos');
    expect(p.confidence).toBeGreaterThan(0);
    expect(p.confidence).toBeLessThanOrEqual(1);
  });

  it('gives no answer, rather than a guess, for text it knows nothing of', () => {
    for (const text of ['', '   ', '，。！？……', '🙂🙂🙂', 'ดาวเทียมดวงใหม่ขึ้นสู่วงโคจร', 'Привет мир']) expect(model.predict(text), text).toBeUndefined();
    // 5 MB of text is still one answer, not an exception.
    expect(model.predict('城市更新项目今天启动。'.repeat(500_000))?.label).toBeTypeOf('string');
  });
});

describe('training', () => {
  const examples = [
    { text: '球队主场赢球 前锋梅开二度', label: 'sports' },
    { text: '联赛积分榜 球队客场逆转', label: 'sports' },
    { text: '股市大涨 银行板块领涨', label: 'finance' },
    { text: '央行降息 股市债市齐涨', label: 'finance' },
  ];

  it('gives the same file for the same data, and a model that learns its examples', () => {
    const a = train(examples);
    expect(JSON.stringify(train(examples))).toBe(JSON.stringify(a));
    const model = new TextClassifier(a);
    expect(model.predict('球队客场赢球')!.label).toBe('sports');
    expect(model.predict('银行股市')!.label).toBe('finance');
  });

  it('refuses a model file whose rows do not match its labels', () => {
    expect(() => new TextClassifier({ version: 1, labels: ['a', 'b'], scale: 1000, bias: [0], weights: {} })).toThrow(/biases/);
    expect(() => new TextClassifier({ version: 1, labels: ['a', 'b'], scale: 1000, bias: [0, 0], weights: { x: [1] } })).toThrow(/"x" needs 2 integer weights/);
  });
});
