import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/db.js';
import { AuditRepo } from '../store/repos/audit.js';
import { testDialects } from '../store/testing.js';
import { AuditService } from './audit.js';

for (const dialect of await testDialects()) {
  describe.skipIf(dialect.skip !== undefined)(`audit log on ${dialect.name}${dialect.skip ? ` (skipped: ${dialect.skip})` : ''}`, () => {
    let store: Store;
    let clock = 0;
    let audit: AuditService;

    beforeEach(async () => {
      store = await dialect.open();
      clock = Date.UTC(2026, 10, 27);
      audit = new AuditService(new AuditRepo(store.db), () => (clock += 1000));
    });
    afterEach(() => store.close());

    it('records before and after as JSON and lists newest first', async () => {
      await audit.record({ actor: 'alice', action: 'article.hide', target: 'article:1', before: { status: 'published' }, after: { status: 'hidden' } });
      await audit.record({ actor: 'bob', action: 'ad.create', target: 'ad:3', after: { title: '广告' } });
      const { entries, total } = await audit.list({});
      expect(total).toBe(2);
      expect(entries.map((e) => e.action)).toEqual(['ad.create', 'article.hide']);
      expect(entries[0]!.before_json).toBeNull();
      expect(JSON.parse(entries[1]!.after_json!)).toEqual({ status: 'hidden' });
    });

    it('filters by actor, action, target and time', async () => {
      const t0 = clock;
      await audit.record({ actor: 'alice', action: 'article.hide', target: 'article:1' });
      await audit.record({ actor: 'alice', action: 'article.feature', target: 'article:2' });
      await audit.record({ actor: 'bob', action: 'article.hide', target: 'article:2' });
      expect((await audit.list({ actor: 'alice' })).total).toBe(2);
      expect((await audit.list({ action: 'article.hide' })).entries.map((e) => e.actor)).toEqual(['bob', 'alice']);
      expect((await audit.list({ target: 'article:2', actor: 'bob' })).total).toBe(1);
      expect((await audit.list({ since: t0 + 2000 })).total).toBe(2);
      expect((await audit.list({ until: t0 + 2000 })).total).toBe(1);
      const page = await audit.list({}, 2, 2);
      expect(page.entries).toHaveLength(1);
      expect(page.total).toBe(3);
    });
  });
}
