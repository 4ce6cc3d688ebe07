import type { Migration } from '../migrate.js';
import { eventStoreMigration } from './001_eventStore.js';
import { dataKeysMigration } from './002_dataKeys.js';
import { readModelMigration } from './003_readModel.js';
import { unknownEmailLoginsMigration } from './004_unknownEmailLogins.js';
import { emailDeliveriesMigration } from './005_emailDeliveries.js';
import { usersTotalsMigration } from './006_usersTotals.js';
import { unknownEmailLoginsByTimeMigration } from './007_unknownEmailLoginsByTime.js';
import { sessionGenerationMigration } from './008_sessionGeneration.js';
import { refreshTokensMigration } from './009_refreshTokens.js';
import { usersByEmailMigration } from './010_usersByEmail.js';
import { usersByRoleAndLockMigration } from './011_usersByRoleAndLock.js';
import { sessionsMigration } from './012_sessions.js';

/** Every migration, in the order they apply. Append only: never edit or reorder an applied one. */
export const migrations: readonly Migration[] = [
  eventStoreMigration,
  dataKeysMigration,
  readModelMigration,
  unknownEmailLoginsMigration,
  emailDeliveriesMigration,
  usersTotalsMigration,
  unknownEmailLoginsByTimeMigration,
  sessionGenerationMigration,
  refreshTokensMigration,
  usersByEmailMigration,
  usersByRoleAndLockMigration,
  sessionsMigration,
];
