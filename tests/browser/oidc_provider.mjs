// A real OpenID provider on loopback for the sign-in tests (`tests/api/oidc.rs`): npm's
// oidc-provider, a certified implementation, with one confidential client, PKCE required and
// a few accounts whose claims the tests rely on. It listens on a free port and prints
// {"port": N} as its first line.
//
// There is no login form: whoever is sent to log in becomes the account named by the
// authorisation request's login_hint, and consent is given at once, so a test can follow the
// whole flow over HTTP.
//
// Environment: OIDC_REDIRECT_URI (the client's one redirect URI), OIDC_CODE_TTL (seconds an
// authorisation code lives, default 60), OIDC_DEFAULT_ACCOUNT (who logs in when the request
// names no login_hint, as from a browser).
import http from 'node:http';
import Provider from 'oidc-provider';

const ACCOUNTS = {
  // An analyst at Skatteverket (202100-5448), in one group the mapping ignores.
  analyst: { email: 'anna@myndighet.example', email_verified: true, groups: ['alla', 'effekt-analys-2021005448'] },
  // In both the administrators' and the analysts' groups: the first mapping entry decides.
  admin: { email: 'chef@myndighet.example', email_verified: true, groups: ['effekt-analys-2021005448', 'effekt-admins'] },
  // In no group the mapping knows.
  nobody: { email: 'ingen@myndighet.example', email_verified: true, groups: ['alla'] },
  // Leadership, for the first sign-in tests.
  viewer: { email: 'ledning@myndighet.example', email_verified: true, groups: ['effekt-ledning'] },
};

const CLIENT_ID = 'effekt';
const CLIENT_SECRET = 'effekt-test-secret';

let provider;

/** Logs in the login_hint's account, or gives consent, and sends the browser on. */
async function interact(req, res) {
  const details = await provider.interactionDetails(req, res);
  const { prompt, params, session } = details;
  if (prompt.name === 'login') {
    const accountId = String(params.login_hint ?? process.env.OIDC_DEFAULT_ACCOUNT ?? '');
    if (!ACCOUNTS[accountId]) {
      return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'no such test account' });
    }
    return provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
  }
  const grant = new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

const server = http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interact(req, res).catch((error) => {
      res.statusCode = 500;
      res.end(String(error));
    });
    return;
  }
  provider.callback()(req, res);
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  provider = new Provider(`http://127.0.0.1:${port}`, {
    clients: [{
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: [process.env.OIDC_REDIRECT_URI ?? 'http://effekt.test/auth/oidc/callback'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    }],
    async findAccount(ctx, id) {
      const claims = ACCOUNTS[id];
      return claims && { accountId: id, claims: async () => ({ sub: id, ...claims }) };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], groups: ['groups'] },
    // The claims go in the ID token itself, as Effekt reads them there.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: { AuthorizationCode: Number(process.env.OIDC_CODE_TTL ?? 60) },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    cookies: { keys: ['only-for-tests'] },
  });
  // Local, plain HTTP; the provider's own warnings about that are not news here.
  provider.on('server_error', (ctx, error) => console.error('oidc-provider:', error));
  console.log(JSON.stringify({ port }));
  // Whoever reads the port may stop reading: everything else goes to standard error.
  console.log = console.error;
  console.info = console.error;
});
