// The dashboard's entry: sign in with a token (or through the identity provider, oidc.js), then
// the live Fleet page.

import { setToken, token } from "./api.js";
import { renderFleet } from "./fleet.js";
import { forgetSignIn, startOidc } from "./oidc.js";
import { watchCollection } from "./watch.js";

const CLUSTERS = "/apis/ubernetes.io/v1/memberclusters";

const login = document.getElementById("login");
const loginForm = document.getElementById("login-form");
const loginError = document.getElementById("login-error");
const tokenInput = document.getElementById("token");
const fleet = document.getElementById("fleet");
const live = document.getElementById("live");
const signOut = document.getElementById("sign-out");

let stopWatching = null;
let drawing = false;

function showLogin(message) {
  if (stopWatching) {
    stopWatching();
    stopWatching = null;
  }
  fleet.hidden = true;
  signOut.hidden = true;
  live.textContent = "";
  login.hidden = false;
  loginError.textContent = message ?? "";
  tokenInput.focus();
}

function showFleet() {
  login.hidden = true;
  fleet.hidden = false;
  signOut.hidden = false;
  live.textContent = "Connecting…";
  const regions = document.getElementById("regions");
  const summary = document.getElementById("fleet-summary");
  stopWatching = watchCollection(CLUSTERS, {
    // Heartbeats change every cluster often: draw at most once a frame, the latest state.
    onChange: (clusters) => {
      if (!drawing) {
        drawing = true;
        requestAnimationFrame(() => {
          drawing = false;
          renderFleet(regions, summary, clusters);
        });
      }
    },
    onState: ({ live: connected, retryInMs, error }) => {
      live.textContent = connected
        ? "Live: changes appear as they happen"
        : `Connection lost (${error}); trying again in ${Math.round(retryInMs / 1000)} s`;
    },
    onAccess: (error) => {
      if (error.status === 401) {
        forgetSignIn();
      }
      showLogin(error.message);
    },
  });
}

loginForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const value = tokenInput.value.trim();
  if (!value) {
    loginError.textContent = "Enter an API token.";
    return;
  }
  // Ends a sign-in through the identity provider still under way, which would renew its own token.
  forgetSignIn();
  setToken(value);
  tokenInput.value = "";
  showFleet();
});

signOut.addEventListener("click", () => {
  forgetSignIn();
  showLogin("Signed out.");
});

// Sign-in through the identity provider: offered when configured, finished when it sent the
// browser back here, ended (onLapse) when its token lapses and cannot be renewed.
const oidc = await startOidc({ onLapse: (message) => showLogin(message) });
if (oidc.error) {
  showLogin(oidc.error);
} else if (token()) {
  showFleet();
} else {
  showLogin();
}
