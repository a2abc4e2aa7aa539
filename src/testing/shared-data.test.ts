import { afterEach, describe, expect, it } from 'vitest';
import { sharedData } from './shared-data.js';

describe('sharedData', () => {
  const before = process.env.REDIAN_REQUIRE_DATA;
  afterEach(() => {
    if (before === undefined) delete process.env.REDIAN_REQUIRE_DATA;
    else process.env.REDIAN_REQUIRE_DATA = before;
  });

  it('skips a suite whose data is missing, saying why', () => {
    delete process.env.REDIAN_REQUIRE_DATA;
    const d = sharedData('no-such-folder', ['x'], 'suite');
    expect(d).toMatchObject({ available: false, skip: true });
    expect(d.title).toMatch(/^suite — SKIPPED: .*no-such-folder\/ is missing/);
  });

  it('runs it, to fail, when the data is required', () => {
    process.env.REDIAN_REQUIRE_DATA = '1';
    const d = sharedData('no-such-folder', ['x'], 'suite');
    expect(d).toMatchObject({ available: false, skip: false });
    expect(d.title).toMatch(/FAILS: .* REDIAN_REQUIRE_DATA=1$/);
  });
});
