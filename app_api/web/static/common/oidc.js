// Signing in with OpenID Connect: authorization code flow with PKCE for a public client (RFC 7636,
// OpenID Connect Core 1.0 §3.1). The same code talks to the built-in development issuer and to the
// municipality's real provider; both are found through their discovery documents.
// Tokens live in sessionStorage only (gone when the tab closes), never in localStorage or a cookie.

export class SignInError extends Error {}

const encoder = new TextEncoder();
const CLOCK_SKEW_MS = 60_000;

function base64url(bytes) {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function randomString(bytes = 32) {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function s256(verifier) {
  return base64url(new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(verifier))));
}

function keys(page) {
  return { pending: `loonbrug.${page}.aanmelding`, session: `loonbrug.${page}.sessie` };
}

/** The page's sign-in settings from the server (`/<page>/config.json`). */
export async function loadConfig(page) {
  const response = await fetch(`/${page}/config.json`, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new SignInError("De instellingen van deze pagina zijn niet te laden.");
  return response.json();
}

async function discover(issuer) {
  const response = await fetch(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`, {
    headers: { Accept: "application/json" },
    credentials: "omit",
  });
  if (!response.ok) throw new SignInError("De inlogdienst is niet bereikbaar. Probeer het later opnieuw.");
  const document = await response.json();
  // OpenID Connect Discovery §4.3: the document must name exactly the issuer it was fetched for.
  if (document.issuer !== issuer) throw new SignInError("De inlogdienst gaf een onverwacht antwoord.");
  return document;
}

function redirectUri(config) {
  return `${location.origin}/${config.page}/`;
}

/** Go to the provider's login; `returnTo` is the part after # to come back to. */
export async function startSignIn(config, returnTo = location.hash) {
  const provider = await discover(config.signIn.issuer);
  const pending = { state: randomString(), nonce: randomString(), verifier: randomString(48), returnTo };
  sessionStorage.setItem(keys(config.page).pending, JSON.stringify(pending));
  const url = new URL(provider.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: config.signIn.clientId,
    redirect_uri: redirectUri(config),
    scope: config.signIn.scope,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await s256(pending.verifier),
    code_challenge_method: "S256",
  }).toString();
  location.assign(url.href);
}

function claimsOf(jwt) {
  const payload = jwt?.split(".")[1];
  if (!payload) throw new SignInError("Inloggen is mislukt: er kwam geen geldig ID-token terug.");
  const json = atob(payload.replaceAll("-", "+").replaceAll("_", "/"));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
}

// OpenID Connect Core §3.1.3.7. The signature is not checked here: the ID token came straight from the
// token endpoint over TLS (item 6 allows that), and the API checks the access token's signature itself.
function checkIdToken(idToken, { issuer, clientId, nonce }) {
  const claims = claimsOf(idToken);
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const problems = [
    claims.iss !== issuer,
    !audiences.includes(clientId),
    audiences.length > 1 && claims.azp !== clientId,
    typeof claims.exp !== "number" || claims.exp * 1000 + CLOCK_SKEW_MS < Date.now(),
    claims.nonce !== nonce,
  ];
  if (problems.some(Boolean)) throw new SignInError("Inloggen is mislukt: het ID-token klopt niet.");
  return claims;
}

/** Finish a sign-in when the provider sent the browser back here; null when this is no such visit. */
export async function finishSignIn(config) {
  const params = new URLSearchParams(location.search);
  if (!params.has("code") && !params.has("error")) return null;
  const { pending: pendingKey, session: sessionKey } = keys(config.page);
  const pending = JSON.parse(sessionStorage.getItem(pendingKey) ?? "null");
  sessionStorage.removeItem(pendingKey);
  // The code must not stay in the address bar or the history.
  history.replaceState(null, "", `${location.pathname}${pending?.returnTo ?? ""}`);
  if (!pending || params.get("state") !== pending.state) {
    throw new SignInError("Dit inloggen hoort niet bij dit venster. Log opnieuw in.");
  }
  if (params.has("error")) {
    const stopped = params.get("error") === "access_denied";
    throw new SignInError(stopped ? "U heeft het inloggen afgebroken." : "Inloggen is mislukt.");
  }
  const provider = await discover(config.signIn.issuer);
  const response = await fetch(provider.token_endpoint, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: params.get("code"),
      redirect_uri: redirectUri(config),
      client_id: config.signIn.clientId,
      code_verifier: pending.verifier,
    }),
    credentials: "omit",
  });
  if (!response.ok) throw new SignInError("Inloggen is mislukt. Probeer het opnieuw.");
  const tokens = await response.json();
  const claims = checkIdToken(tokens.id_token, {
    issuer: provider.issuer,
    clientId: config.signIn.clientId,
    nonce: pending.nonce,
  });
  const expiresIn = Number(tokens.expires_in);
  const lifetime = expiresIn > 0 ? expiresIn * 1000 : claims.exp * 1000 - Date.now();
  const session = {
    accessToken: tokens.access_token,
    idToken: tokens.id_token,
    expiresAt: Date.now() + lifetime,
    name: typeof claims.name === "string" ? claims.name : null,
    roles: Array.isArray(claims.roles) ? claims.roles : [],
  };
  sessionStorage.setItem(sessionKey, JSON.stringify(session));
  return session;
}

/** The signed-in session of this tab, or null when there is none or it has expired. */
export function currentSession(config) {
  const key = keys(config.page).session;
  const session = JSON.parse(sessionStorage.getItem(key) ?? "null");
  if (session && session.expiresAt - CLOCK_SKEW_MS > Date.now()) return session;
  sessionStorage.removeItem(key);
  return null;
}

/** Forget this tab's tokens (e.g. when the API no longer accepts them). */
export function forgetSession(config) {
  sessionStorage.removeItem(keys(config.page).session);
}

/** Forget the tokens; log out at the provider too when it offers that (RP-initiated logout). */
export async function signOut(config) {
  const { pending, session: sessionKey } = keys(config.page);
  const session = JSON.parse(sessionStorage.getItem(sessionKey) ?? "null");
  sessionStorage.removeItem(sessionKey);
  sessionStorage.removeItem(pending);
  const provider = config.signIn ? await discover(config.signIn.issuer).catch(() => null) : null;
  if (provider?.end_session_endpoint && session?.idToken) {
    const url = new URL(provider.end_session_endpoint);
    url.search = new URLSearchParams({
      id_token_hint: session.idToken,
      post_logout_redirect_uri: redirectUri(config),
    }).toString();
    location.assign(url.href);
    return;
  }
  location.assign(`/${config.page}/`);
}
