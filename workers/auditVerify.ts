import { auditAllStreams } from '../src/audit/index.js';
import { chainReportLines } from '../src/audit/chainReport.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/infrastructure/logging/logger.js';
import { buildInfrastructure } from '../src/main.js';
import { runToExit } from './runToExit.js';

/**
 * `npm run audit:verify`: recomputes the hash chain of every stream in the event store and prints
 * a report. Exits 0 when every chain holds, 1 when one is broken (2 when the check itself failed).
 */
async function main(): Promise<number> {
  const config = loadConfig(process.env);
  const infra = await buildInfrastructure(config, createLogger(config.logLevel));
  try {
    const report = await auditAllStreams(infra.store);
    for (const line of chainReportLines(report)) console.log(line);
    return report.broken.length === 0 ? 0 : 1;
  } finally {
    await infra.close();
  }
}

runToExit(main);
