import { randomBytes } from 'node:crypto';
import express from 'express';
import type { Request, Response } from 'express';

/**
 * The pages the account emails link to, so that a deployment without a front end of its own still
 * gives users a way through: asking for a reset link (GET /password-reset/request), choosing the new
 * password (GET /password-reset/confirm?user_id=…&token=…) and checking that an unlocked account
 * works (GET /login). Each page posts to the API route at its own path, so they work behind a proxy
 * that mounts the API under a prefix.
 *
 * The token never enters the HTML: the script reads it from the address, then removes it from the
 * address bar and history. No referrer is sent, nothing is cached, no other origin can frame the page,
 * and only the page's own inline script (by nonce) may run.
 */
export function accountPages(): express.Router {
  const router = express.Router({ strict: false });
  router.get('/password-reset/request', (_req: Request, res: Response) => {
    sendPage(res, 'Reset your password', requestForm, requestScript);
  });
  router.get('/password-reset/confirm', (_req: Request, res: Response) => {
    sendPage(res, 'Choose a new password', confirmForm, confirmScript);
  });
  router.get('/login', (_req: Request, res: Response) => {
    sendPage(res, 'Sign in', signInForm, signInScript);
  });
  return router;
}

function sendPage(res: Response, title: string, form: string, script: string): void {
  const nonce = randomBytes(16).toString('base64');
  res.set({
    'Content-Security-Policy': [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      "style-src 'unsafe-inline'",
      "connect-src 'self'",
      "form-action 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.type('html').send(`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>${title}</title>
    <style>${style}</style>
  </head>
  <body>
    <main>
      <h1>${title}</h1>
      ${form}
      <p id="outcome" role="status"></p>
    </main>
    <script nonce="${nonce}">${postJson}${script}</script>
  </body>
</html>
`);
}

const style = `
  body { font-family: system-ui, sans-serif; background: #f5f5f5; margin: 0; }
  main { max-width: 24rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 8px; }
  label { display: block; margin: 1rem 0 0.25rem; }
  input { box-sizing: border-box; width: 100%; padding: 0.5rem; font-size: 1rem; }
  button { margin-top: 1.5rem; padding: 0.6rem 1.2rem; font-size: 1rem; }
  #outcome { margin-top: 1rem; }`;

/**
 * Posts the form to the API route at this page's path (as JSON, or as the OAuth2 form /login takes);
 * shows the API's message or its error.
 */
const postJson = `
  async function postJson(body, asForm = false) {
    const outcome = document.getElementById('outcome');
    outcome.textContent = 'Sending…';
    try {
      const response = await fetch(location.pathname, {
        method: 'POST',
        headers: {
          'Content-Type': asForm ? 'application/x-www-form-urlencoded' : 'application/json',
          Accept: 'application/json',
        },
        body: asForm ? new URLSearchParams(body) : JSON.stringify(body),
      });
      const answer = await response.json().catch(() => ({}));
      const detail = Array.isArray(answer.detail) ? answer.detail.map((error) => error.msg).join(' ') : answer.detail;
      outcome.textContent = response.ok ? answer.message : detail || 'Something went wrong (' + response.status + ').';
      return response.ok;
    } catch {
      outcome.textContent = 'The service cannot be reached. Try again in a moment.';
      return false;
    }
  }`;

const requestForm = `<form id="form">
        <label for="email">Email address</label>
        <input id="email" name="email" type="email" autocomplete="email" required />
        <button type="submit">Send me a reset link</button>
      </form>`;

const requestScript = `
  document.getElementById('form').addEventListener('submit', async (event) => {
    event.preventDefault();
    await postJson({ email: document.getElementById('email').value });
  });`;

const confirmForm = `<form id="form">
        <label for="password">New password (8 to 128 characters)</label>
        <input id="password" type="password" autocomplete="new-password" minlength="8" maxlength="128" required />
        <label for="again">The same again</label>
        <input id="again" type="password" autocomplete="new-password" minlength="8" maxlength="128" required />
        <button type="submit">Set the new password</button>
      </form>`;

const confirmScript = `
  const link = new URLSearchParams(location.search);
  const userId = link.get('user_id');
  const token = link.get('token');
  history.replaceState(null, '', location.pathname);
  if (!userId || !token) {
    document.getElementById('form').hidden = true;
    document.getElementById('outcome').textContent = 'This link is incomplete. Ask for a new one.';
  }
  document.getElementById('form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const password = document.getElementById('password').value;
    if (password !== document.getElementById('again').value) {
      document.getElementById('outcome').textContent = 'The two passwords differ.';
      return;
    }
    if (await postJson({ user_id: userId, token, new_password: password })) {
      document.getElementById('form').hidden = true;
    }
  });`;

const signInForm = `<form id="form">
        <label for="email">Email address</label>
        <input id="email" type="email" autocomplete="username" required />
        <label for="password">Password</label>
        <input id="password" type="password" autocomplete="current-password" required />
        <button type="submit">Sign in</button>
      </form>`;

/** The access token stays in the script: the page only confirms that the account works. */
const signInScript = `
  document.getElementById('form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const credentials = {
      username: document.getElementById('email').value,
      password: document.getElementById('password').value,
    };
    if (await postJson(credentials, true)) {
      document.getElementById('form').hidden = true;
      document.getElementById('outcome').textContent = 'Signed in: your account works. Continue in your application.';
    }
  });`;
