/**
 * SIGTERM/SIGINT handling for the long-running commands: run the closers in order (stop taking
 * work first — http, workers — then queues, Redis, database), each bounded so a stuck one cannot
 * keep the process alive past the orchestrator's kill timeout. A second signal exits at once.
 */
import type { Logger } from '../services/logging/logger.js';

export interface Closer {
  readonly name: string;
  close(): Promise<unknown>;
}

export async function runClosers(closers: readonly Closer[], logger: Logger, perStepTimeoutMs: number): Promise<boolean> {
  let clean = true;
  for (const closer of closers) {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        closer.close(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${closer.name} did not close within ${perStepTimeoutMs} ms`)), perStepTimeoutMs);
        }),
      ]);
      logger.info({ step: closer.name }, 'closed');
    } catch (error) {
      clean = false;
      logger.error({ step: closer.name, err: error instanceof Error ? error.message : String(error) }, 'close failed');
    } finally {
      clearTimeout(timer);
    }
  }
  return clean;
}

export function installGracefulShutdown(
  closers: readonly Closer[],
  logger: Logger,
  options: { readonly perStepTimeoutMs?: number; readonly exit?: (code: number) => void } = {},
): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal, exiting now');
      exit(1);
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void runClosers(closers, logger, options.perStepTimeoutMs ?? 25_000).then((clean) => exit(clean ? 0 : 1));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}
