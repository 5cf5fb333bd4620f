// Signing in through the identity provider configured for this federation (/ui/config.json):
// OpenID Connect's authorization code flow with PKCE (S256), run by this page as a public client,
// with state and nonce checked. The provider's id token becomes the page's bearer token (api.js
// keeps it for this tab and sends it with every call), so the API decides what it may see exactly
// as for an API token. The id token, not the access token: it is always a JWT, issued for this
// client (its audience) by the issuer the API trusts, which is what the API's JWT validation
// checks; an access token may be opaque or meant for another audience.

import { forgetToken, setToken, token } from "./api.js";

const PENDING_KEY = "ubernetes.oidc.pending"; // state, nonce and verifier of a sign-in under way
const SESSION_KEY = "ubernetes.oidc.session"; // the provider's refresh token, if it gave one

let settings = null;
let lapseTimer = null;
// Counts sign-outs, so that a renewal answered after one does not sign the tab in again.
let signOuts = 0;
let onLapsed = () => {};

/**
 * Offers signing in through the identity provider when one is configured, finishes a sign-in the
 * provider sent the browser back from, and keeps a signed-in session's token fresh. Resolves to
 * { error } when a sign-in coming back failed, else {}; onLapse(message) is called when the
 * session ends by itself and a person must sign in again.
 */
export async function startOidc({ onLapse }) {
  onLapsed = onLapse;
  try {
    const response = await fetch("config.json", { cache: "no-store" });
    settings = response.ok ? ((await response.json()).oidc ?? null) : null;
  } catch {
    settings = null;
  }
  const params = new URLSearchParams(location.search);
  const answered = params.has("code") || params.has("error");
  if (answered) {
    // The code is good for one exchange only: off the address bar, out of the history.
    history.replaceState(null, "", location.pathname);
  }
  if (!settings) {
    return answered ? { error: "Signing in through an identity provider is not configured." } : {};
  }
  offer();
  if (answered) {
    try {
      await finish(params);
    } catch (error) {
      forgetSignIn();
      return { error: error.message };
    }
    return {};
  }
  return resume();
}

/** Forgets the provider's tokens along with the page's, as signing out does. */
export function forgetSignIn() {
  signOuts += 1;
  clearTimeout(lapseTimer);
  sessionStorage.removeItem(SESSION_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  forgetToken();
}

function offer() {
  const choice = document.getElementById("oidc");
  const button = document.getElementById("oidc-sign-in");
  button.textContent = `Sign in with ${settings.name}`;
  choice.hidden = false;
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await begin();
    } catch (error) {
      button.disabled = false;
      document.getElementById("login-error").textContent = error.message;
    }
  });
}

async function begin() {
  const provider = await discover();
  if (!crypto.subtle) {
    throw new Error("Signing in with the identity provider needs the dashboard served over HTTPS.");
  }
  const verifier = random();
  const state = random();
  const nonce = random();
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ state, nonce, verifier }));
  const url = new URL(provider.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    scope: settings.scopes.join(" "),
    state,
    nonce,
    code_challenge: await challenge(verifier),
    code_challenge_method: "S256",
  }).toString();
  location.assign(url.toString());
}

async function finish(params) {
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? "null");
  sessionStorage.removeItem(PENDING_KEY);
  if (!pending || params.get("state") !== pending.state) {
    throw new Error(
      "This sign-in answer does not belong to a sign-in started in this tab (state); sign in again.",
    );
  }
  if (params.has("error")) {
    const reason = params.get("error_description") || params.get("error");
    throw new Error(`${settings.name} did not sign you in: ${reason}`);
  }
  const tokens = await exchange({
    grant_type: "authorization_code",
    code: params.get("code"),
    redirect_uri: redirectUri(),
    client_id: settings.clientId,
    code_verifier: pending.verifier,
  });
  const claims = idTokenClaims(tokens.id_token);
  if (claims.nonce !== pending.nonce) {
    throw new Error("The identity token was not issued for this sign-in (nonce); sign in again.");
  }
  keep(tokens);
}

/** A session from before a reload: its timer again, or a refresh if its token lapsed meanwhile. */
async function resume() {
  const session = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? "null");
  if (!session || !token()) {
    return {};
  }
  try {
    schedule(idTokenClaims(token()));
    return {};
  } catch {
    const lapsed = await renew();
    return lapsed ? { error: lapsed } : {};
  }
}

/** Keeps the id token as the page's bearer token, and the refresh token if there is one. */
function keep(tokens) {
  const claims = idTokenClaims(tokens.id_token);
  const session = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? "{}");
  setToken(tokens.id_token);
  sessionStorage.setItem(
    SESSION_KEY,
    JSON.stringify({ refreshToken: tokens.refresh_token ?? session.refreshToken ?? null }),
  );
  schedule(claims);
}

/**
 * Renews the token shortly before it lapses when the provider gave a refresh token (a fifth of its
 * lifetime ahead, at most 30 s), else ends the session when it lapses.
 */
function schedule(claims) {
  clearTimeout(lapseTimer);
  const session = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? "{}");
  const lifetime = claims.exp - (claims.iat ?? claims.exp);
  const ahead = session.refreshToken ? Math.min(30, lifetime / 5) : 0;
  const delay = Math.max(0, (claims.exp - ahead) * 1000 - Date.now());
  // Timers fire after at most about 24.8 days; a longer session is looked at again then.
  lapseTimer = setTimeout(due, Math.min(delay, 2 ** 31 - 1));
}

/** Renews the token, or ends the session; resolves to why it ended, or null. */
async function renew() {
  const session = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? "{}");
  if (session.refreshToken) {
    const before = signOuts;
    try {
      const tokens = await exchange({
        grant_type: "refresh_token",
        refresh_token: session.refreshToken,
        client_id: settings.clientId,
      });
      if (signOuts === before) {
        keep(tokens);
      }
      return null;
    } catch {
      if (signOuts !== before) {
        return null;
      }
      // The provider ended the session (or its refresh token lapsed): sign in again.
    }
  }
  forgetSignIn();
  return `Your sign-in with ${settings.name} has lapsed; sign in again.`;
}

/** A timer's turn: renew or end a token that is about to lapse; look again at one that is not. */
async function due() {
  const session = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? "{}");
  try {
    const claims = idTokenClaims(token());
    if (claims.exp * 1000 > Date.now() + 30_000 && !session.refreshToken) {
      schedule(claims);
      return;
    }
  } catch {
    // Lapsed: renewed below, or the session ends.
  }
  const lapsed = await renew();
  if (lapsed) {
    onLapsed(lapsed);
  }
}

async function exchange(form) {
  const provider = await discover();
  let response;
  try {
    response = await fetch(provider.token_endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
      cache: "no-store",
    });
  } catch {
    throw new Error(`${settings.name} could not be reached to finish signing in.`);
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const reason = body.error_description || body.error || `it answered ${response.status}`;
    throw new Error(`${settings.name} refused the sign-in: ${reason}`);
  }
  if (!body.id_token) {
    throw new Error(`${settings.name} gave no identity token (is "openid" among the scopes?).`);
  }
  return body;
}

let discovery = null;

/** The provider's discovery document, checked against the configured issuer. */
async function discover() {
  if (discovery) {
    return discovery;
  }
  const issuer = settings.issuer.replace(/\/+$/, "");
  let document;
  try {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`, { cache: "no-store" });
    if (!response.ok) {
      throw new Error(`it answered ${response.status}`);
    }
    document = await response.json();
  } catch (error) {
    throw new Error(`${settings.name} could not be reached (${error.message}).`);
  }
  if (document.issuer !== settings.issuer) {
    throw new Error(`${settings.name} calls itself ${document.issuer}, not ${settings.issuer}.`);
  }
  const methods = document.code_challenge_methods_supported;
  if (Array.isArray(methods) && !methods.includes("S256")) {
    throw new Error(`${settings.name} does not support PKCE with S256.`);
  }
  if (new URL(document.token_endpoint).origin !== new URL(settings.issuer).origin) {
    throw new Error(`${settings.name}'s token endpoint is on another origin than its issuer.`);
  }
  discovery = document;
  return document;
}

/**
 * The id token's claims, checked as far as a page can: issued by the configured issuer for this
 * client and not lapsed. Its signature is the API's to check, which it does on every call.
 */
function idTokenClaims(jwt) {
  let claims;
  try {
    const payload = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
    claims = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Error("The identity provider's answer holds no readable identity token.");
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (claims.iss !== settings.issuer || !audiences.includes(settings.clientId)) {
    throw new Error("The identity token was issued by another issuer or for another client.");
  }
  if (typeof claims.exp !== "number" || claims.exp * 1000 <= Date.now()) {
    throw new Error("The identity token has lapsed.");
  }
  return claims;
}

function redirectUri() {
  return `${location.origin}/ui/`;
}

function random() {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function challenge(verifier) {
  return base64url(
    new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))),
  );
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}
