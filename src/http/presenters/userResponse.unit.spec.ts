import test from 'ava';
import type { UserView } from './userResponse.js';
import { userResponse } from './userResponse.js';

const now = new Date('2030-01-01T12:00:00.000Z');
const account: UserView = {
  id: '0b5c7a36-3a52-4b39-9b43-0d1f1d0b6a11',
  email: 'ada@example.com',
  nickname: 'ada',
  firstName: 'Ada',
  lastName: null,
  bio: null,
  profilePictureUrl: null,
  linkedinProfileUrl: null,
  githubProfileUrl: null,
  role: 'AUTHENTICATED',
  isProfessional: false,
  professionalStatusUpdatedAt: null,
  emailVerified: true,
  isLocked: true,
  lockedUntil: '2030-01-01T12:15:00.000Z',
  createdAt: '2029-12-01T00:00:00.000Z',
  updatedAt: '2030-01-01T11:45:00.000Z',
  lastLoginAt: null,
  revision: 7n,
};

test('a lock that has not reached its end shows, with the instant it lifts', (t) => {
  t.like(userResponse(account, 'https://id.example.com', now), {
    is_locked: true,
    locked_until: '2030-01-01T12:15:00.000Z',
  });
});

test('a lock past its end no longer shows, even before the next sign-in records its lifting', (t) => {
  const later = new Date('2030-01-01T12:15:00.000Z');
  t.like(userResponse(account, 'https://id.example.com', later), { is_locked: false, locked_until: null });
});

test('the links name the account under the public base URL', (t) => {
  t.deepEqual(
    userResponse(account, 'https://id.example.com', now).links.map((link) => `${link.method} ${link.href}`),
    [
      `GET https://id.example.com/users/${account.id}`,
      `PUT https://id.example.com/users/${account.id}`,
      `DELETE https://id.example.com/users/${account.id}`,
    ],
  );
});
