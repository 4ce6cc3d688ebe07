import type { Role } from '../domain/index.js';
import { AccountLockedError, InvalidCredentialsError, loginRefusal } from '../domain/index.js';
import type { CommandDeps, CommandMeta } from './commandDeps.js';
import { executeUserCommand } from './executeUserCommand.js';
import { emailOwners } from './emailOwners.js';

/**
 * The same account logging in from several devices at once races on its stream. Deciding again
 * is cheap (the password was checked once, before), so logins retry more than other commands.
 */
const CONCURRENT_LOGIN_RETRIES = 8;

/** sessionGeneration goes into the access token: see SessionsRevoked. */
export type LoggedIn = { userId: string; role: Role; sessionGeneration: number; position: bigint };

/**
 * Checks the password with argon2, then lets the decider record the outcome: failures are
 * appended (they count toward the lock) before the refusal is thrown. An unknown email costs one
 * argon2 verification too, so response time does not reveal which addresses have accounts.
 */
export const logIn = (deps: CommandDeps, dummyPasswordHash: Promise<string>) => {
  const ownerOf = emailOwners();
  return async (input: { email: string; password: string }, meta: CommandMeta): Promise<LoggedIn> => {
    const { userId, user } = await ownerOf(deps, input.email);
    const passwordHash = user?.state.status === 'active' ? user.state.passwordHash : await dummyPasswordHash;
    const passwordMatches = (await deps.passwords.verify(input.password, passwordHash)) && user !== null;
    if (!userId || user?.state.status !== 'active') {
      // An address without an account "locks" after as many failures as a real one would, so
      // the answers to a guesser are the same whether or not the account exists.
      const failures = await deps.unknownEmailLogins.recordFailure(
        deps.uniqueKeyHash(input.email),
        deps.clock(),
      );
      if (failures >= deps.policy.login.maxLoginAttempts)
        throw new AccountLockedError(userId ?? 'unknown', null);
      throw new InvalidCredentialsError();
    }

    const result = await executeUserCommand(deps, { retries: CONCURRENT_LOGIN_RETRIES, loaded: user })(
      {
        type: 'LogIn',
        userId,
        actor: meta.actor,
        now: deps.clock(),
        passwordMatches,
        policy: deps.policy.login,
      },
      meta,
    );
    const refusal = loginRefusal(result.events);
    if (refusal) throw refusal;
    // The account the login was decided on: a role change or a sign-out that won a race with it (and
    // made it decide again) is already in.
    const { state } = result;
    if (state.status !== 'active') throw new InvalidCredentialsError();
    return {
      userId,
      role: state.role,
      sessionGeneration: state.sessionGeneration,
      position: result.position,
    };
  };
};
