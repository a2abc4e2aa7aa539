/**
 * A value built in the background (from the database, say): one build at a time, callers
 * during a build share it, and the last good value keeps serving while the next one is
 * built or when a build fails.
 */
export class Rebuilt<T> {
  private value: T | undefined;
  private running: Promise<T> | undefined;

  constructor(private readonly build: () => Promise<T>) {}

  /** The last good build; undefined until the first one is done. */
  get latest(): T | undefined {
    return this.value;
  }

  /** Starts a build unless one is running; resolves with that build's value. */
  start(): Promise<T> {
    this.running ??= this.build().then(
      (value) => {
        this.value = value;
        this.running = undefined;
        return value;
      },
      (err: unknown) => {
        this.running = undefined;
        throw err;
      },
    );
    return this.running;
  }
}
