// The dashboard's entry: sign in with a token, then the live Fleet page, or the page of the
// workload the address names.

import { forgetToken, setToken, token } from "./api.js";
import { renderFleet } from "./fleet.js";
import { watchCollection } from "./watch.js";
import { showWorkload, workloadRoute } from "./workload.js";

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
  closeWorkload();
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
  if (openWorkload()) {
    fleet.hidden = true;
    return;
  }
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
    onState: showLink,
    onAccess: refused,
  });
}

function showLink({ live: connected, retryInMs, error }) {
  live.textContent = connected
    ? "Live: changes appear as they happen"
    : `Connection lost (${error}); trying again in ${Math.round(retryInMs / 1000)} s`;
}

function refused(error) {
  if (error.status === 401) {
    forgetToken();
  }
  showLogin(error.message);
}

// Workload page: #/workloads/<namespace>/<name> and #/clusterworkloads/<name> open it in place of
// the Fleet page, with the same live line and sign-in handling.
const workloadPage = document.getElementById("workload");
let stopWorkload = null;

function closeWorkload() {
  if (stopWorkload) {
    stopWorkload();
    stopWorkload = null;
  }
  workloadPage.hidden = true;
}

/** Opens the page of the workload the address names; false when it names none. */
function openWorkload() {
  closeWorkload();
  const target = workloadRoute(location.hash);
  if (target === null) {
    return false;
  }
  workloadPage.hidden = false;
  stopWorkload = showWorkload(workloadPage, target, { onState: showLink, onAccess: refused });
  return true;
}

window.addEventListener("hashchange", () => {
  if (token() && login.hidden) {
    if (stopWatching) {
      stopWatching();
      stopWatching = null;
    }
    showFleet();
  }
});
// End of the workload page's hook.

loginForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const value = tokenInput.value.trim();
  if (!value) {
    loginError.textContent = "Enter an API token.";
    return;
  }
  setToken(value);
  tokenInput.value = "";
  showFleet();
});

signOut.addEventListener("click", () => {
  forgetToken();
  showLogin("Signed out.");
});

if (token()) {
  showFleet();
} else {
  showLogin();
}
