import { setTimeout as sleep } from 'node:timers/promises';

export interface PolitenessOptions {
  /** Requests in flight to one host at a time. */
  perHost?: number;
  /** Requests in flight in all. */
  global?: number;
  /** Least time between the starts of two requests to one host. */
  hostDelayMs?: number;
}

export const POLITENESS_DEFAULTS = { perHost: 2, global: 8, hostDelayMs: 1000 } as const;

/** A counting semaphore that hands a released slot straight to the longest waiter. */
class Slots {
  readonly #size: number;
  #free: number;
  readonly #waiters: Array<() => void> = [];

  constructor(size: number) {
    this.#size = size;
    this.#free = size;
  }

  get idle(): boolean {
    return this.#free === this.#size;
  }

  async acquire(): Promise<void> {
    if (this.#free > 0) {
      this.#free--;
      return;
    }
    await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  release(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#free++;
  }
}

interface HostState {
  slots: Slots;
  nextStartAt: number;
}

/**
 * Keeps Redian a polite crawler: a few requests per host, spaced out, and a cap on all of them.
 * A task waits for its host first and only then for a global slot, so a busy host does not
 * hold global slots that other hosts could use.
 */
export class Politeness {
  readonly #perHost: number;
  readonly #hostDelayMs: number;
  readonly #global: Slots;
  readonly #hosts = new Map<string, HostState>();

  constructor(options: PolitenessOptions = {}) {
    this.#perHost = options.perHost ?? POLITENESS_DEFAULTS.perHost;
    this.#hostDelayMs = options.hostDelayMs ?? POLITENESS_DEFAULTS.hostDelayMs;
    this.#global = new Slots(options.global ?? POLITENESS_DEFAULTS.global);
  }

  /** Runs `task` once `host` and the global limit allow it; the slots are held until it settles. */
  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const key = host.toLowerCase();
    let state = this.#hosts.get(key);
    if (!state) {
      state = { slots: new Slots(this.#perHost), nextStartAt: 0 };
      this.#hosts.set(key, state);
    }
    await state.slots.acquire();
    try {
      const now = Date.now();
      const startAt = Math.max(now, state.nextStartAt);
      state.nextStartAt = startAt + this.#hostDelayMs;
      if (startAt > now) await sleep(startAt - now);
      await this.#global.acquire();
      try {
        return await task();
      } finally {
        this.#global.release();
      }
    } finally {
      state.slots.release();
      // Forget hosts with nothing pending once their spacing has passed, so the map stays small.
      if (state.slots.idle && state.nextStartAt <= Date.now() && this.#hosts.get(key) === state) {
        this.#hosts.delete(key);
      }
    }
  }
}
