import nodemailer from 'nodemailer';
import type { OutboxRepo } from '../store/repos/outbox.js';
import type { OutboxMail } from '../store/schema.js';

/** How mail leaves: SMTP in production; anything with the same shape in a test. */
export interface MailTransport {
  send(mail: { from: string; to: string; subject: string; text: string }): Promise<void>;
  close(): void;
}

/** SMTP from an `smtp://user:pass@host:port` or `smtps://…` URL (nodemailer). */
export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    async send(mail) {
      await transporter.sendMail(mail);
    },
    close: () => transporter.close(),
  };
}

/** Waits before the 2nd, 3rd… attempt; after the last, the mail is marked failed. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 12 * 3_600_000];
// One attempt may take this long before another node's worker may try the same mail.
const LEASE_MS = 2 * 60_000;
const BATCH = 20;

export interface OutboxWorkerOptions {
  transport?: MailTransport;
  from?: string;
  retryDelaysMs?: number[];
  intervalMs?: number;
  now?: () => number;
  onError?: (err: unknown, mail: OutboxMail) => void;
}

/**
 * Sends queued mail. Mail is written to the outbox in the same transaction as the decision
 * that causes it, so a crash never loses a notice; this worker sends what is due, retries
 * failures with growing delays, and leaves everything pending while SMTP is not configured.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private readonly retryDelays: number[];
  private readonly now: () => number;

  constructor(
    private readonly repo: OutboxRepo,
    private readonly options: OutboxWorkerOptions = {},
  ) {
    this.retryDelays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
    this.now = options.now ?? Date.now;
  }

  /** Whether mail can be sent at all (SMTP_URL and SMTP_FROM set). */
  get configured(): boolean {
    return Boolean(this.options.transport && this.options.from);
  }

  /** Sends due mail every `intervalMs` (default 30 s) until stopped. */
  start(): void {
    if (!this.configured || this.timer) return;
    const every = this.options.intervalMs ?? 30_000;
    this.timer = setInterval(() => void this.kick(), every);
    this.timer.unref();
    void this.kick();
  }

  /** Sends what is due now (after a decision queued a notice); runs never overlap. */
  kick(): Promise<{ sent: number; failed: number }> {
    const run = this.running.then(() => this.runOnce());
    this.running = run.catch(() => {});
    return run;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    this.options.transport?.close();
  }

  private async runOnce(): Promise<{ sent: number; failed: number }> {
    const { transport, from } = this.options;
    const result = { sent: 0, failed: 0 };
    if (!transport || !from) return result;
    const now = this.now();
    for (const mail of await this.repo.due(now, BATCH)) {
      if (!(await this.repo.claim(mail, now + LEASE_MS))) continue;
      try {
        await transport.send({ from, to: mail.to_addr, subject: mail.subject, text: mail.body });
        await this.repo.markSent(mail.id, this.now());
        result.sent++;
      } catch (err) {
        const delay = this.retryDelays[mail.attempts];
        await this.repo.markAttemptFailed(mail.id, err instanceof Error ? err.message : String(err), delay === undefined ? null : this.now() + delay);
        result.failed++;
        this.options.onError?.(err, mail);
      }
    }
    return result;
  }
}
