import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * What nodes tell each other. Payloads are small JSON values; a handler must be cheap
 * (it runs on the publishing node at once and on the others when Redis delivers).
 */
export const TOPICS = {
  /** A site setting changed: rendered pages must be rebuilt. */
  settingsChanged: 'settings.changed',
  /** An article's status, category, title or featured flag changed: `{ id: number }`. */
  articleChanged: 'article.changed',
  /** A category was added, renamed, moved or deleted: the tabs on every page must be rebuilt. */
  categoriesChanged: 'categories.changed',
  /** A filter rule, word replacement or sensitive-word list changed: ingestion must recompile them. */
  filtersChanged: 'filters.changed',
} as const;

export type BusHandler = (data: unknown) => void;

/** Publish/subscribe between the parts of one process and, with Redis, between nodes. */
export interface Bus {
  /** Runs this process's handlers before it resolves; other nodes get it through Redis. Never rejects. */
  publish(topic: string, data?: unknown): Promise<void>;
  /** Returns a function that unsubscribes. */
  subscribe(topic: string, handler: BusHandler): () => void;
  close(): Promise<void>;
}

/** Handlers of this process, by topic. */
class LocalHandlers {
  private readonly byTopic = new Map<string, Set<BusHandler>>();

  add(topic: string, handler: BusHandler): () => void {
    let set = this.byTopic.get(topic);
    if (!set) this.byTopic.set(topic, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  deliver(topic: string, data: unknown, onError: (err: unknown) => void): void {
    for (const handler of this.byTopic.get(topic) ?? []) {
      try {
        handler(data);
      } catch (err) {
        onError(err);
      }
    }
  }
}

/** One node, no Redis: delivery is a function call. */
export class LocalBus implements Bus {
  private readonly handlers = new LocalHandlers();

  constructor(private readonly onError: (err: unknown) => void = () => {}) {}

  async publish(topic: string, data?: unknown): Promise<void> {
    this.handlers.deliver(topic, data ?? null, this.onError);
  }

  subscribe(topic: string, handler: BusHandler): () => void {
    return this.handlers.add(topic, handler);
  }

  async close(): Promise<void> {}
}

interface Envelope {
  origin: string;
  topic: string;
  data: unknown;
}

/**
 * Several nodes over Redis pub/sub. The publisher's own handlers run at once (not after a
 * round trip), so a node that made a change never serves the old state; other nodes hear
 * it within Redis' delivery time. The subscriber connection is opened on the first
 * subscribe, so one-shot CLI commands that only publish open a single connection.
 * Pub/sub is fire-and-forget: a node that is disconnected misses messages, which is why
 * every cache that listens here also expires on its own within seconds.
 */
export class RedisBus implements Bus {
  private readonly handlers = new LocalHandlers();
  private readonly node = randomUUID();
  private readonly channel: string;
  private readonly publisher: Redis;
  private subscriber: Redis | undefined;

  constructor(
    private readonly url: string,
    private readonly onError: (err: unknown) => void,
    prefix = 'redian',
  ) {
    this.channel = `${prefix}:bus`;
    this.publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    this.publisher.on('error', onError);
  }

  async publish(topic: string, data?: unknown): Promise<void> {
    this.handlers.deliver(topic, data ?? null, this.onError);
    const envelope: Envelope = { origin: this.node, topic, data: data ?? null };
    try {
      await this.publisher.publish(this.channel, JSON.stringify(envelope));
    } catch (err) {
      // The change itself is stored; other nodes' caches expire on their own within seconds.
      this.onError(err);
    }
  }

  subscribe(topic: string, handler: BusHandler): () => void {
    this.listen();
    return this.handlers.add(topic, handler);
  }

  /** Resolves once the subscription is active (tests wait for it before publishing elsewhere). */
  async ready(): Promise<void> {
    await this.listen();
  }

  private listening: Promise<void> | undefined;

  private listen(): Promise<void> {
    this.listening ??= (async () => {
      const sub = new Redis(this.url, { maxRetriesPerRequest: null });
      this.subscriber = sub;
      sub.on('error', this.onError);
      sub.on('message', (_channel: string, message: string) => this.receive(message));
      await sub.subscribe(this.channel);
    })().catch((err: unknown) => {
      this.onError(err);
    });
    return this.listening;
  }

  private receive(message: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(message) as Envelope;
    } catch (err) {
      this.onError(err);
      return;
    }
    if (envelope.origin === this.node || typeof envelope.topic !== 'string') return;
    this.handlers.deliver(envelope.topic, envelope.data, this.onError);
  }

  async close(): Promise<void> {
    await Promise.all([this.publisher.quit().catch(() => {}), this.subscriber?.quit().catch(() => {})]);
  }
}

/** A Redis bus when a URL is given, else a local one. */
export function createBus(redisUrl: string | undefined, onError: (err: unknown) => void): Bus {
  return redisUrl ? new RedisBus(redisUrl, onError) : new LocalBus(onError);
}
