// Loopback OpenID provider standing in for the Pieces OS Auth0 tenant in the
// consumer's end-to-end tests. Built on `oidc-provider` (a certified OpenID
// Connect implementation), configured with Auth0's endpoint paths.
//
// Usage: node e2e/provider/server.js [PORT]     (or env PORT; 0 = pick a free port)
//
// stdout carries exactly one line, `LISTENING <port>`, once the server accepts
// connections; everything else (oidc-provider notices, request log, errors) goes
// to stderr. SIGTERM / SIGINT close the server and exit 0. With
// E2E_PROVIDER_EXIT_ON_STDIN_EOF=1 it also exits when its stdin is closed.

import * as crypto from 'node:crypto';
import * as http from 'node:http';

// oidc-provider prints its development notices with console.info (stdout).
// stdout is reserved for the LISTENING line, so route every console channel to
// stderr *before* the library is loaded (hence the dynamic import below).
const toStderr = (...args) => console.error(...args);
console.log = toStderr;
console.info = toStderr;
console.debug = toStderr;

const { default: Provider } = await import('oidc-provider');

// ---------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------

const HOST = '127.0.0.1';
const rawPort = process.argv[2] ?? process.env.PORT ?? '0';
const requestedPort = Number.parseInt(rawPort, 10);
if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535 || String(requestedPort) !== String(rawPort).trim()) {
  console.error(`e2e-provider: invalid port ${JSON.stringify(rawPort)} (expected 0..65535)`);
  process.exit(2);
}

// ---------------------------------------------------------------------------
// Fixed test data
// ---------------------------------------------------------------------------

const CLIENT_ID = 'e2e-public-client';

// The one test user. The dev login page accepts any login name; whatever name
// is typed becomes the session's account id, and every account id resolves to
// this user (so `sub` is always `user-123`). Log in as `user-123` to keep the
// session's account id and `sub` identical.
const TEST_USER = {
  sub: 'user-123',
  email: 'test.user@example.com',
  email_verified: true,
  name: 'Test User',
  nickname: 'test.user',
  given_name: 'Test',
  family_name: 'User',
  picture: 'https://example.com/avatars/test-user.png',
  // Auth0's shape: an RFC 3339 string (Auth0User.updated_at in spec/auth0.yaml is a
  // date-time). OpenID Connect Core 5.1 makes it a number (1700000000 here), which the
  // generated client cannot decode; see README.md, "How this differs from Auth0".
  updated_at: '2023-11-14T22:13:20.000Z',
};

// ---------------------------------------------------------------------------
// Provider configuration
// ---------------------------------------------------------------------------

// A fresh signing key per run (ID tokens are RS256-signed; nothing persists).
const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'e2e-rs256', alg: 'RS256', use: 'sig' };

const configuration = {
  clients: [
    {
      client_id: CLIENT_ID,
      client_name: 'Pieces e2e public client',
      // A native (RFC 8252) public client: http loopback redirect URIs are
      // matched ignoring the port, so the tests may listen on any port.
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: ['http://127.0.0.1/callback', 'http://localhost/callback'],
      // Also matched on loopback ignoring the port.
      post_logout_redirect_uris: ['/', '/callback', '/logged-out', '/logout', '/signed-out']
        .flatMap((path) => [`http://127.0.0.1${path}`, `http://localhost${path}`]),
    },
  ],

  // Auth0's paths. Discovery stays at /.well-known/openid-configuration.
  routes: {
    authorization: '/authorize',
    token: '/oauth/token',
    userinfo: '/userinfo',
    end_session: '/v2/logout',
    jwks: '/.well-known/jwks.json',
    revocation: '/oauth/revoke',
    introspection: '/oauth/token/introspection',
  },

  // PKCE is mandatory for every authorization code request; oidc-provider 9
  // only implements S256 (`plain` is rejected at /authorize).
  pkce: {
    required: () => true,
  },

  scopes: ['openid', 'offline_access', 'email', 'profile'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'nickname', 'given_name', 'family_name', 'picture', 'updated_at'],
  },

  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { ...TEST_USER };
      },
    };
  },

  // Refresh tokens exactly when offline_access was requested and granted
  // (this is also the library default, spelled out here on purpose). The dev
  // consent page grants every requested scope, offline_access included.
  async issueRefreshToken(_ctx, client, code) {
    return client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access');
  },

  features: {
    // Built-in login/consent pages: any login name, no password.
    devInteractions: { enabled: true },
    // /v2/logout (RP-initiated logout 1.0) — on by default, explicit here.
    rpInitiatedLogout: { enabled: true },
    revocation: { enabled: true },
    // Auth0 has no RFC 8707 `resource` parameter (it uses `audience`); with
    // resource indicators off, access tokens are opaque and valid at /userinfo.
    resourceIndicators: { enabled: false },
    // Our client sends plain Bearer tokens; without DPoP, /userinfo answers a
    // missing token with a single `WWW-Authenticate: Bearer ...` header.
    dPoP: { enabled: false },
  },

  // Auth0 clients send `audience=` on /authorize. oidc-provider ignores unknown
  // parameters; naming it here only keeps it in the interaction details.
  extraParams: ['audience'],

  jwks: { keys: [signingJwk] },
  cookies: { keys: ['e2e-cookie-key-not-a-secret-1', 'e2e-cookie-key-not-a-secret-2'] },

  ttl: {
    AccessToken: 60 * 60,
    AuthorizationCode: 60,
    IdToken: 60 * 60,
    RefreshToken: 24 * 60 * 60,
    Interaction: 10 * 60,
    Session: 60 * 60,
    Grant: 60 * 60,
  },

  // JSON errors on the JSON endpoints come from the library; the HTML error
  // page (used for errors that cannot be redirected back to the client, e.g. an
  // unknown client_id or redirect_uri) is kept short and machine-greppable.
  async renderError(ctx, out, _error) {
    ctx.type = 'html';
    ctx.body = `<!DOCTYPE html><html><head><title>error</title></head><body>
<h1>oops! something went wrong</h1>
${Object.entries(out).map(([k, v]) => `<pre><strong>${escapeHtml(k)}</strong>: ${escapeHtml(String(v))}</pre>`).join('\n')}
</body></html>`;
  },
};

function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

// ---------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------

const server = http.createServer();

server.listen(requestedPort, HOST, () => {
  const { port } = server.address();
  const issuer = `http://${HOST}:${port}`;
  const provider = new Provider(issuer, configuration);

  // Plain-http loopback issuer: nothing to proxy, nothing to secure.
  provider.on('server_error', (ctx, err) => console.error('e2e-provider: server_error', ctx?.method, ctx?.path, err));
  for (const event of ['authorization.error', 'grant.error', 'userinfo.error', 'end_session.error']) {
    provider.on(event, (ctx, err) => console.error(`e2e-provider: ${event}: ${err.name}: ${err.message}${err.error_description ? `: ${err.error_description}` : ''}${err.error_detail ? ` (${err.error_detail})` : ''}`));
  }

  // oidc-provider keeps `offline_access` only when the request carries
  // `prompt=consent` (OpenID Core 11); otherwise it silently drops the scope
  // and issues no refresh token. Auth0 has no such rule, and our client never
  // sends `prompt`. So on GET /authorize with offline_access, add `consent` to
  // `prompt` (absent -> `consent`; `login` -> `login consent`; `none` is left
  // alone). The native client is shown the consent page anyway
  // (native_client_prompt), so this changes nothing else in the flow.
  provider.use(async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === '/authorize') {
      const query = { ...ctx.query };
      const scopes = String(query.scope ?? '').split(' ');
      const prompts = String(query.prompt ?? '').split(' ').filter(Boolean);
      if (scopes.includes('offline_access') && !prompts.includes('consent') && !prompts.includes('none')) {
        query.prompt = [...prompts, 'consent'].join(' ');
        ctx.query = query;
      }
    }
    // Auth0's logout takes `returnTo`; OpenID RP-initiated logout calls it
    // `post_logout_redirect_uri`. Accept Auth0's name (the standard one wins
    // when both are present). Like the standard parameter, it needs
    // `client_id` (or `id_token_hint`) and a registered URI.
    if (ctx.method === 'GET' && ctx.path === '/v2/logout' && ctx.query.returnTo !== undefined) {
      const { returnTo, ...rest } = ctx.query;
      ctx.query = { post_logout_redirect_uri: returnTo, ...rest };
    }
    await next();
  });

  const callback = provider.callback();
  server.on('request', (req, res) => {
    res.on('finish', () => console.error(`e2e-provider: ${req.method} ${req.url.split('?')[0]} -> ${res.statusCode}`));
    callback(req, res);
  });

  console.error(`e2e-provider: issuer ${issuer}, client_id ${CLIENT_ID}`);
  process.stdout.write(`LISTENING ${port}\n`);
});

server.on('error', (err) => {
  console.error(`e2e-provider: cannot listen on ${HOST}:${requestedPort}: ${err.message}`);
  process.exit(1);
});

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.error(`e2e-provider: ${signal}, shutting down`);
  server.close(() => process.exit(0));
  server.closeAllConnections?.();
  // Never hang on a stuck connection.
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

// Opt-in watchdog for harnesses (the Rust tests set it and keep our stdin
// open): when the parent dies, even by SIGKILL, stdin reaches EOF and we exit
// instead of lingering. Off by default, so `node server.js 3000 </dev/null &`
// keeps running.
if (process.env.E2E_PROVIDER_EXIT_ON_STDIN_EOF === '1') {
  process.stdin.on('end', () => stop('stdin closed'));
  process.stdin.on('error', () => stop('stdin error'));
  process.stdin.resume();
}
