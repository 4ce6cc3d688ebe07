import test from 'ava';
import { ForbiddenError, InvalidCommandError, NothingToUpdateError, UserNotFoundError } from '../errors.js';
import type { ProfileChanges, UserEvent } from '../events.js';
import type { UpdateProfile } from '../commands.js';
import {
  actor,
  activeUser,
  aManager,
  alice,
  anAdmin,
  command,
  given,
  registered,
  someoneElse,
} from '../testing/index.js';

const updated = (changes: ProfileChanges): UserEvent => ({
  type: 'ProfileUpdated',
  data: { userId: alice.id, changes },
});
const withName = [registered(alice, { role: 'AUTHENTICATED', emailVerified: true, firstName: 'Alice' })];
const update = (changes: UpdateProfile['changes'], overrides: Partial<UpdateProfile> = {}) =>
  command.updateProfile(alice, { changes, ...overrides });

test('the holder updates their own profile', (t) => {
  given(t, activeUser(alice))
    .when(update({ firstName: 'Alice', bio: 'Hi' }))
    .then([updated({ firstName: 'Alice', bio: 'Hi' })]);
});

test('only the fields that change are recorded', (t) => {
  given(t, withName)
    .when(update({ firstName: 'Alice', lastName: 'Liddell' }))
    .then([updated({ lastName: 'Liddell' })]);
});

test('a field set to null is cleared', (t) => {
  given(t, withName)
    .when(update({ firstName: null }))
    .then([updated({ firstName: null })]);
});

test('an update that changes nothing is already done', (t) => {
  given(t, withName)
    .when(update({ firstName: 'Alice', bio: null }))
    .then([]);
});

test('values are trimmed before they are compared', (t) => {
  given(t, withName)
    .when(update({ firstName: '  Alice ' }))
    .then([]);
});

test('an update naming no field is refused', (t) => {
  given(t, activeUser(alice)).when(update({})).thenThrows(NothingToUpdateError);
});

test('fields a profile update cannot change do not count as something to update', (t) => {
  const changes = { email: 'x@example.com', role: 'ADMIN' } as UpdateProfile['changes'];
  given(t, activeUser(alice)).when(update(changes)).thenThrows(NothingToUpdateError);
});

test('a nickname change is recorded', (t) => {
  given(t, activeUser(alice))
    .when(update({ nickname: 'alice2' }))
    .then([updated({ nickname: 'alice2' })]);
});

test('an invalid profile URL is refused', (t) => {
  given(t, activeUser(alice))
    .when(update({ linkedinProfileUrl: 'ftp://linkedin.com/x' }))
    .thenThrows(InvalidCommandError, /linkedinProfileUrl/);
});

// A NUL would be recorded and then stop the read model, which cannot store it, for every account.
for (const [field, value] of [
  ['firstName', 'Al\u0000ice'],
  ['lastName', 'Lid\u001b[31mdell'],
  ['firstName', 'Two\nlines'],
  ['bio', 'Hi\u0000'],
  ['bio', 'half a pair \ud800'],
  ['githubProfileUrl', 'https://github.com/al ice'],
  ['profilePictureUrl', 'https://example.com/\u0000.png'],
] as const) {
  test(`text with a control character, a lone surrogate or a misplaced blank is refused: ${JSON.stringify(value)}`, (t) => {
    given(t, activeUser(alice))
      .when(update({ [field]: value }))
      .thenThrows(InvalidCommandError, new RegExp(field));
  });
}

test('a bio keeps its tabs and line breaks, and any script or emoji', (t) => {
  const bio = 'Hi,\n\tI write Ελληνικά and 日本語 📚\r\nBye';
  given(t, activeUser(alice))
    .when(update({ bio, firstName: 'Zoë' }))
    .then([updated({ firstName: 'Zoë', bio })]);
});

test('a MANAGER updates another user profile', (t) => {
  given(t, activeUser(alice))
    .when(update({ bio: 'Edited' }, { actor: aManager }))
    .then([updated({ bio: 'Edited' })]);
});

test('a MANAGER cannot update an ADMIN profile', (t) => {
  given(t, activeUser(alice, 'ADMIN'))
    .when(update({ bio: 'Edited' }, { actor: aManager }))
    .thenThrows(ForbiddenError);
});

test('an ADMIN updates another ADMIN profile', (t) => {
  given(t, activeUser(alice, 'ADMIN'))
    .when(update({ bio: 'Edited' }, { actor: anAdmin }))
    .then([updated({ bio: 'Edited' })]);
});

test('an ADMIN updates their own profile', (t) => {
  given(t, activeUser(alice, 'ADMIN'))
    .when(update({ bio: 'Me' }, { actor: actor(alice, 'ADMIN') }))
    .then([updated({ bio: 'Me' })]);
});

test('another AUTHENTICATED user cannot update a profile', (t) => {
  given(t, activeUser(alice))
    .when(update({ bio: 'x' }, { actor: someoneElse }))
    .thenThrows(ForbiddenError);
});

test('an anonymous caller cannot update a profile', (t) => {
  given(t, activeUser(alice))
    .when(update({ bio: 'x' }, { actor: null }))
    .thenThrows(ForbiddenError);
});

test('updating an unknown account is refused', (t) => {
  given(t)
    .when(update({ bio: 'x' }))
    .thenThrows(UserNotFoundError);
});
