import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing.js';
import { createServices } from '../../services.js';
import { openStore } from '../../store/db.js';
import { migrateToLatest } from '../../store/migrate.js';

const dir = mkdtempSync(join(tmpdir(), 'redian-admin-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { DATABASE_URL: join(dir, 'admin.db'), USER: 'ops' };

/** Runs `redian …` with this text on standard input (not a terminal, as in a script). */
const redian = (args: string[], stdin = '') => runCli(args, env, stdin);

describe('redian admin', () => {
  it('creates accounts from a script, lists, disables them, and changes a password', async () => {
    const fresh = await openStore({ url: env.DATABASE_URL });
    await migrateToLatest(fresh);
    await fresh.close();
    const created = await redian(['admin', 'create', '--username', 'Chief', '--role', 'admin', '--password-stdin'], 'a long passphrase\n');
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toBe('created admin "chief"; sign in at /admin/login\n');

    const dup = await redian(['admin', 'create', '--username', 'chief', '--role', 'editor', '--password-stdin'], 'a long passphrase\n');
    expect(dup.code).toBe(1);
    expect(dup.stderr).toBe('redian: E_ADMIN_EXISTS: an account with this username already exists: "chief"\n');

    const noRole = await redian(['admin', 'create', '--username', 'ed', '--password-stdin'], 'a long passphrase\n');
    expect(noRole.stderr).toBe('redian: E_CLI_USAGE: invalid command usage: --role is required when not on a terminal\n');
    const list = await redian(['admin', 'list']);
    expect(list.stdout.split('\n')[0]).toMatch(/^username\s+role\s+state\s+last login$/);
    expect(list.stdout).toMatch(/chief\s+admin\s+active\s+never/);
    expect(list.stdout.trimEnd().split('\n')).toHaveLength(2);

    expect((await redian(['admin', 'disable', 'chief'])).stdout).toBe('"chief" disabled\n');
    expect((await redian(['admin', 'set-password', 'chief', '--password-stdin'], 'a newer passphrase\n')).code).toBe(0);

    // The stored account signs in with the new password, and the CLI's changes are in the audit log.
    const store = await openStore({ url: env.DATABASE_URL });
    const services = createServices(store, pino({ level: 'silent' }));
    try {
      expect((await services.admin.accounts.login('chief', 'a newer passphrase', '127.0.0.1')).ok).toBe(false);
      await services.admin.accounts.setDisabled('chief', false, 'test');
      expect((await services.admin.accounts.login('chief', 'a newer passphrase', '127.0.0.1')).ok).toBe(true);
      const { entries } = await services.audit.list({ actor: 'cli:ops' });
      expect(entries.map((e) => e.action).sort()).toEqual(['account.create', 'account.disable', 'account.password']);
    } finally {
      await services.close();
      await store.close();
    }
  }, 240_000);
});
