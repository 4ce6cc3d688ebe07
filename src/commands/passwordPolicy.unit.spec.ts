import test from 'ava';
import { isAccountName } from './passwordPolicy.js';

const account = { email: 'ada.lovelace@example.com', nickname: 'countess_ada' };

test('the address, its local part and the nickname are the account’s names, in any case', (t) => {
  for (const password of [
    'ada.lovelace@example.com',
    'Ada.Lovelace@Example.com',
    'ada.lovelace',
    ' COUNTESS_ADA ',
  ]) {
    t.true(isAccountName(password, account), password);
  }
});

test('a password that only contains or resembles a name is not one', (t) => {
  for (const password of [
    'ada.lovelace1',
    'lovelace',
    'example.com',
    'countess ada',
    'correct horse battery',
  ]) {
    t.false(isAccountName(password, account), password);
  }
  t.false(isAccountName('anything at all', { email: 'x@example.com' }), 'no nickname known');
});
