import test from 'ava';
import type { UserCommand } from './commands.js';
import { userCommandSchemas } from './commands.js';
import { decide } from './decide.js';
import { UserNotFoundError } from './errors.js';
import { alice, anAdmin, command } from './testing/index.js';

const everyCommand: UserCommand[] = [
  command.verifyEmail(alice),
  command.requestEmailVerification(alice),
  command.logIn(alice),
  command.unlockAccount(alice, { actor: anAdmin }),
  command.revokeSessions(alice),
  command.endSession(alice),
  command.requestPasswordReset(alice),
  command.resetPassword(alice),
  command.changePassword(alice),
  command.updateProfile(alice, { changes: { bio: 'x' } }),
  command.changeEmail(alice),
  command.setProfessionalStatus(alice, { actor: anAdmin }),
  command.changeRole(alice, { actor: anAdmin }),
  command.deleteUser(alice),
  command.erasePersonalData(alice),
  command.closeAccount(alice),
];

test('every command but the two registrations needs an existing account', (t) => {
  t.is(everyCommand.length + 2, Object.keys(userCommandSchemas).length);
  for (const each of everyCommand) {
    t.throws(() => decide(each, { status: 'none' }), { instanceOf: UserNotFoundError }, each.type);
  }
});

test('the dispatcher routes registrations', (t) => {
  t.is(decide(command.registerUser(alice), { status: 'none' })[0]?.type, 'UserRegistered');
  t.is(decide(command.createUser(alice, { actor: anAdmin }), { status: 'none' })[0]?.type, 'UserRegistered');
});
