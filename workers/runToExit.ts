import { ConfigurationError } from '../src/config.js';

/**
 * Runs a one-off task and exits with the code it returns: 78 (EX_CONFIG) for a configuration error,
 * 2 when the task itself failed.
 */
export function runToExit(task: () => Promise<number>): void {
  task().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof ConfigurationError ? error.message : error);
      process.exit(error instanceof ConfigurationError ? 78 : 2);
    },
  );
}
