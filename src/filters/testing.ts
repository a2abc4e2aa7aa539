import type { RuleDraft } from './types.js';

/** For tests: a global block rule on the title for 广告, with what the test changes. */
export const ruleDraft = (over: Partial<RuleDraft> = {}): RuleDraft => ({
  sourceId: null,
  action: 'block',
  field: 'title',
  match: 'keywords',
  pattern: '广告',
  note: '',
  ignoreCase: false,
  enabled: true,
  ...over,
});
