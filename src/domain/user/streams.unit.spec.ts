import test from 'ava';
import { userIdFromStream, userStream } from './streams.js';

const id = '00000000-0000-4000-8000-000000000001';

test('a user stream is the category user and the id', (t) => {
  t.is(userStream(id), `user-${id}`);
});

test('the user id is read back from its stream', (t) => {
  t.is(userIdFromStream(userStream(id)), id);
});

test('streams of other categories hold no user id', (t) => {
  t.is(userIdFromStream(`emailreservation-${id}`), null);
  t.is(userIdFromStream('user-'), null);
});
