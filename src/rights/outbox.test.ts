import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';
import { createRepos, type Repos } from '../store/repos/index.js';
import { OutboxWorker, smtpTransport } from './outbox.js';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives; `refuse` makes it answer 451. */
async function startSmtp() {
  const received: Received[] = [];
  const state = { refuse: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.refuse) return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, state, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const T0 = Date.UTC(2026, 10, 27, 4);

describe('outbox', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let store: Store;
  let repos: Repos;
  let clock: number;
  let worker: OutboxWorker;

  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(() => smtp.close());
  beforeEach(async () => {
    store = await openStore({ url: ':memory:' });
    await migrateToLatest(store);
    repos = createRepos(store);
    clock = T0;
    smtp.received.length = 0;
    smtp.state.refuse = false;
  });
  afterEach(async () => {
    await worker?.stop();
    await store.close();
  });

  const queue = (to: string, subject: string) =>
    repos.takedowns.insert(
      { reference: `TD-20261127-${subject.slice(0, 4).toUpperCase()}`, claimant: '张三', organisation: null, email: to, urls: 'https://news.test/a/1', work_description: '作品', good_faith: 1, status: 'pending', created_at: clock },
      { to_addr: to, subject, body: `正文：${subject}` },
    );
  const statuses = async () => (await repos.outbox.list(10)).map((m) => ({ to: m.to_addr, status: m.status, attempts: m.attempts, error: m.last_error }));

  it('sends due mail over SMTP to a local server and marks it sent', async () => {
    worker = new OutboxWorker(repos.outbox, { transport: smtpTransport(smtp.url), from: 'noreply@news.test', now: () => clock });
    await queue('claimant@rights.example', 'ABCD 已收到您的侵权投诉');
    expect(await worker.kick()).toEqual({ sent: 1, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.from).toBe('noreply@news.test');
    expect(smtp.received[0]!.to).toEqual(['claimant@rights.example']);
    // Chinese subject and body arrive encoded, intact.
    expect(smtp.received[0]!.raw).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(await statuses()).toEqual([{ to: 'claimant@rights.example', status: 'sent', attempts: 1, error: null }]);
    // Nothing left to send.
    expect(await worker.kick()).toEqual({ sent: 0, failed: 0 });
  });

  it('retries a refused mail after its delay, and gives up after the last', async () => {
    worker = new OutboxWorker(repos.outbox, { transport: smtpTransport(smtp.url), from: 'noreply@news.test', now: () => clock, retryDelaysMs: [60_000] });
    smtp.state.refuse = true;
    await queue('a@rights.example', 'EFGH 通知');
    expect(await worker.kick()).toEqual({ sent: 0, failed: 1 });
    expect(await statuses()).toEqual([{ to: 'a@rights.example', status: 'pending', attempts: 1, error: expect.stringContaining('try again later') }]);
    // Not due before its delay.
    clock += 30_000;
    expect(await worker.kick()).toEqual({ sent: 0, failed: 0 });
    clock += 30_000;
    smtp.state.refuse = false;
    expect(await worker.kick()).toEqual({ sent: 1, failed: 0 });
    expect((await statuses())[0]).toMatchObject({ status: 'sent', attempts: 2 });

    smtp.state.refuse = true;
    await queue('b@rights.example', 'IJKL 通知');
    await worker.kick();
    clock += 60_000;
    await worker.kick();
    expect((await statuses())[0]).toMatchObject({ to: 'b@rights.example', status: 'failed', attempts: 2 });
  });

  it('keeps mail pending while SMTP is not configured', async () => {
    worker = new OutboxWorker(repos.outbox, { now: () => clock });
    await queue('c@rights.example', 'MNOP 通知');
    expect(worker.configured).toBe(false);
    expect(await worker.kick()).toEqual({ sent: 0, failed: 0 });
    expect(await statuses()).toEqual([{ to: 'c@rights.example', status: 'pending', attempts: 0, error: null }]);
  });
});
