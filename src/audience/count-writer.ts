import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { sql } from 'kysely';
import { openStore, type Store } from '../store/db.js';
import { AdRepo, type AdDailyDelta } from '../store/repos/ads.js';
import { AudienceRepo, type ViewBatch } from '../store/repos/audience.js';

/** Where counted reads are stored: the audience repository, or the count writer thread. */
export interface ViewWriter {
  applyViews(batch: ViewBatch): Promise<unknown>;
  /**
   * True when a write does not hold up this thread: a second's reads then go in one batch.
   * Otherwise they go in short slices with requests between (see ViewCounter).
   */
  readonly offThread?: boolean;
}

const ROLE = 'redian-count-writer';
// Pages the writer's connection lets the WAL grow by before copying them back into the
// database: a second's reads dirty a few thousand pages of the history's indexes, and a
// larger WAL means each page is copied back once for many writes, not once for each.
const WAL_AUTOCHECKPOINT_PAGES = 20_000;

type Request = { id: number; views: ViewBatch } | { id: number; ads: AdDailyDelta[] } | { id: number; close: true };
type Reply = { id: number; error?: string };

/**
 * Writes the counts buffered every second (reads with their history rows, ad impressions,
 * clicks and closes) to a SQLite file from a worker thread with its own connection. On
 * SQLite a second of a busy site's reads (thousands of history rows, each a few random
 * index pages) costs tens of milliseconds of writing: on the serving thread that is time no
 * request is answered; here it runs beside them (WAL lets the serving thread read
 * meanwhile). Both counters write here so neither waits on the serving thread for the
 * other's lock. A write is acknowledged once committed, as the repositories' own are.
 */
export class CountWriterThread implements ViewWriter {
  readonly offThread = true;
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();

  constructor(private readonly databaseFile: string) {}

  applyViews(batch: ViewBatch): Promise<void> {
    return this.send({ id: ++this.nextId, views: batch });
  }

  addDaily(deltas: AdDailyDelta[]): Promise<void> {
    return this.send({ id: ++this.nextId, ads: deltas });
  }

  /** Lets the writes sent finish, then closes the worker's connection and the worker. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    await this.send({ id: ++this.nextId, close: true });
    await worker.terminate();
  }

  private send(request: Request): Promise<void> {
    const worker = (this.worker ??= this.start());
    return new Promise<void>((resolve, reject) => {
      if (this.waiting.size === 0) worker.ref();
      this.waiting.set(request.id, { resolve, reject });
      worker.postMessage(request);
    });
  }

  private start(): Worker {
    const data = { workerData: { role: ROLE, databaseFile: this.databaseFile } };
    // Under the tests this file is TypeScript: the worker loads it through tsx.
    const worker = import.meta.url.endsWith('.ts')
      ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`, { ...data, eval: true })
      : new Worker(new URL(import.meta.url), data);
    // Keeps the process alive only while a write is under way, as a query would.
    worker.unref();
    worker.on('message', ({ id, error }: Reply) => {
      const waiter = this.waiting.get(id);
      this.waiting.delete(id);
      if (this.waiting.size === 0) worker.unref();
      if (error === undefined) waiter?.resolve();
      else waiter?.reject(new Error(error));
    });
    // A dead worker fails what it held (the counters put those counts back); the next write starts another.
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiter of this.waiting.values()) waiter.reject(err);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`count writer thread exited (${code})`)));
    return worker;
  }
}

/** The worker's side: one connection, writes in the order sent. */
function serveWrites(databaseFile: string): void {
  const port = parentPort!;
  let store: Store | undefined;
  let repos: { audience: AudienceRepo; ads: AdRepo } | undefined;
  let queue = Promise.resolve();
  port.on('message', (request: Request) => {
    queue = queue.then(async () => {
      try {
        if ('close' in request) {
          await store?.close();
          store = undefined;
        } else {
          if (!store) {
            store = await openStore({ url: databaseFile });
            await sql.raw(`pragma wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`).execute(store.db);
            repos = { audience: new AudienceRepo(store.db), ads: new AdRepo(store.db) };
          }
          if ('views' in request) await repos!.audience.applyViews(request.views);
          else await repos!.ads.addDaily(request.ads);
        }
        port.postMessage({ id: request.id } satisfies Reply);
      } catch (err) {
        port.postMessage({ id: request.id, error: err instanceof Error ? err.message : String(err) } satisfies Reply);
      }
    });
  });
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) serveWrites((workerData as { databaseFile: string }).databaseFile);
