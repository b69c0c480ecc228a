// panva's oidc-provider as a real, separate identity provider for Doorman's tests.
// Usage: node op.mjs [port]   (prints "listening <issuer>" once ready)
// Environment:
//   RP_REDIRECT_URIS       comma-separated redirect URIs of the one client ("rp" / "rp-secret")
//   RP_POST_LOGOUT_URIS    comma-separated post-logout redirect URIs
//   KEY_ID                 kid of the RSA signing key generated at start (a new key each start: rotation = restart)
//   AUTO_APPROVE=1         sign TEST_USER in without pages (HTTP-driven tests); otherwise its own login page
//   EMAIL_DOMAIN           domain of the users' email addresses
import http from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

const list = (value) => (value ?? '').split(',').filter(Boolean);
const user = process.env.TEST_USER ?? 'alice';
const domain = process.env.EMAIL_DOMAIN ?? 'example.test';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

const server = http.createServer();
await new Promise((resolve) => server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'rp',
    client_secret: 'rp-secret',
    redirect_uris: list(process.env.RP_REDIRECT_URIS),
    post_logout_redirect_uris: list(process.env.RP_POST_LOGOUT_URIS),
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: process.env.KEY_ID ?? 'key-1', use: 'sig', alg: 'RS256' }] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  pkce: { required: () => true },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  features: { devInteractions: { enabled: process.env.AUTO_APPROVE !== '1' } },
  async findAccount(ctx, sub) {
    return {
      accountId: sub,
      async claims() {
        // A login typed as an email address is that person's email; otherwise one is made up in EMAIL_DOMAIN.
        const email = sub.includes('@') ? sub : `${sub}@${domain}`;
        return { sub, name: `Test ${sub.split('@')[0]}`, email, email_verified: true };
      },
    };
  },
});

if (process.env.AUTO_APPROVE === '1') {
  provider.use(async (ctx, next) => {
    if (!ctx.path.startsWith('/interaction/')) return next();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    let result;
    if (details.prompt.name === 'login') {
      result = { login: { accountId: user } };
    } else {
      const missing = details.prompt.details;
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      result = { consent: { grantId: await grant.save() } };
    }
    await provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
    ctx.respond = false;
  });
}

server.on('request', provider.callback());
console.log(`listening ${issuer}`);
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
