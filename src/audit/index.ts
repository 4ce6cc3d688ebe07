import type { AuditDeps } from './auditDeps.js';
import type { AccountLookup } from './accountAt.js';
import { accountAt } from './accountAt.js';
import { exportAccount } from './exportAccount.js';
import type { HistoryQuery, HistoryResult } from './readHistory.js';
import { readHistory } from './readHistory.js';
import { verifyAccount } from './verifyAccount.js';
import type { AccountExport, ChainVerification } from './views.js';

export type { AuditDeps } from './auditDeps.js';
export type { AccountLookup } from './accountAt.js';
export type { HistoryQuery, HistoryResult } from './readHistory.js';
export type * from './views.js';
export { auditAllStreams } from './auditAllStreams.js';
export type { ChainAuditReport } from './auditAllStreams.js';
export { parseInstant } from './instant.js';

/** The auditor's reads over the event store, for the HTTP layer (Services.audit). */
export type Audit = {
  history(userId: string, query: HistoryQuery): Promise<HistoryResult | null>;
  accountAt(userId: string, at: Date): Promise<AccountLookup>;
  verify(userId: string): Promise<ChainVerification | null>;
  exportAccount(userId: string): Promise<AccountExport | null>;
};

export const buildAudit = (deps: AuditDeps): Audit => ({
  history: readHistory(deps),
  accountAt: accountAt(deps),
  verify: verifyAccount(deps),
  exportAccount: exportAccount(deps),
});
