export interface TerminationOptions {
  /** The service, for the log line. */
  name: string;
  /** Stops accepting, lets in-flight requests finish (bounded by the server) and closes the database. */
  stop(): Promise<void>;
  /** After this long the process exits 1 even if stop() has not finished. */
  forceAfterMs?: number;
  log?: (message: string) => void;
}

/**
 * Runs `stop` once on SIGTERM or SIGINT, or when the launcher that spawned this process with an IPC channel goes
 * away, then exits 0 (1 if stopping failed or took too long). Repeated signals while stopping are ignored: Ctrl-C
 * reaches a launcher and all its children at once, and the launcher forwards its own SIGTERM as well.
 */
export function exitOnTermination(options: TerminationOptions): void {
  const log = options.log ?? ((message: string) => console.log(message));
  let stopping = false;
  const terminate = (reason: string) => {
    if (stopping) return;
    stopping = true;
    log(`${options.name}: stopping (${reason})…`);
    setTimeout(() => {
      console.error(`${options.name}: did not stop within ${options.forceAfterMs ?? 15_000} ms; exiting anyway`);
      process.exit(1);
    }, options.forceAfterMs ?? 15_000).unref();
    options.stop().then(
      () => {
        log(`${options.name}: stopped`);
        process.exit(0);
      },
      (error: unknown) => {
        console.error(`${options.name}: failed to stop cleanly:`, error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => terminate('SIGTERM'));
  process.on('SIGINT', () => terminate('SIGINT'));
  // Started by a launcher (it keeps an IPC channel open): stop with it rather than linger on its ports.
  if (process.channel) process.once('disconnect', () => terminate('launcher went away'));
}
