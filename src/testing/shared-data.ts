import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `../shared/data/` beside the repository: real data for tests, never copied into it. */
export const SHARED_DATA_DIR = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

export interface SharedData {
  /** The folder, with a trailing slash. */
  dir: string;
  available: boolean;
  /** Skip the suite: the data is missing and REDIAN_REQUIRE_DATA is not set. */
  skip: boolean;
  /** The suite's title, saying why it is skipped or fails when the data is missing. */
  title: string;
}

/**
 * Gate for a suite over shared data: where the data is absent the suite is skipped with
 * the reason in its title, except with REDIAN_REQUIRE_DATA=1 (CI), where it runs and fails.
 */
export function sharedData(folder: string, files: string[], suite: string): SharedData {
  const dir = join(SHARED_DATA_DIR, folder, '/');
  const available = files.every((f) => existsSync(join(dir, f)));
  const required = process.env.REDIAN_REQUIRE_DATA === '1';
  const title = available
    ? suite
    : required
      ? `${suite} — FAILS: ${dir} is missing and REDIAN_REQUIRE_DATA=1`
      : `${suite} — SKIPPED: ${dir} is missing (REDIAN_REQUIRE_DATA=1 makes this a failure)`;
  return { dir, available, skip: !available && !required, title };
}
