// The dashboard's entry: sign in with a token (or through the identity provider, oidc.js), then
// the page the address names: #/fleet (the default), #/workloads, and a single workload at
// #/workloads/<namespace>/<name> or #/clusterworkloads/<name>.

import { setToken, token } from "./api.js";
import { showFleet } from "./fleet.js";
import { forgetSignIn, startOidc } from "./oidc.js";
import { showWorkload, workloadRoute } from "./workload.js";
import { showWorkloads } from "./workloads.js";

const login = document.getElementById("login");
const loginForm = document.getElementById("login-form");
const loginError = document.getElementById("login-error");
const tokenInput = document.getElementById("token");
const nav = document.getElementById("nav");
const live = document.getElementById("live");
const signOut = document.getElementById("sign-out");
const pages = {
  fleet: document.getElementById("fleet"),
  workloads: document.getElementById("workloads"),
  workload: document.getElementById("workload"),
};

let leavePage = null;

function leave() {
  if (leavePage) {
    leavePage();
    leavePage = null;
  }
}

function showLogin(message) {
  leave();
  for (const page of Object.values(pages)) {
    page.hidden = true;
  }
  nav.hidden = true;
  signOut.hidden = true;
  live.textContent = "";
  login.hidden = false;
  loginError.textContent = message ?? "";
  tokenInput.focus();
}

/** The page an address names: { page, section, ref } with ref naming a single workload. */
function route(hash) {
  const ref = workloadRoute(hash);
  if (ref) {
    return { page: "workload", section: "workloads", ref };
  }
  return hash.replace(/^#\/?/, "").split("/")[0] === "workloads"
    ? { page: "workloads", section: "workloads" }
    : { page: "fleet", section: "fleet" };
}

const watching = {
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
};

const TITLES = { fleet: "Fleet", workloads: "Workloads" };

function show(moved) {
  leave();
  const { page, section, ref } = route(location.hash);
  login.hidden = true;
  nav.hidden = false;
  signOut.hidden = false;
  for (const [name, element] of Object.entries(pages)) {
    element.hidden = name !== page;
  }
  for (const link of nav.querySelectorAll("a[data-route]")) {
    if (link.dataset.route === section) {
      // The list page itself, or a page within it.
      link.setAttribute("aria-current", page === section ? "page" : "true");
    } else {
      link.removeAttribute("aria-current");
    }
  }
  document.title = `Ubernetes · ${TITLES[page] ?? ref.name}`;
  live.textContent = "Connecting…";
  if (page === "fleet") {
    leavePage = showFleet(watching);
  } else if (page === "workloads") {
    leavePage = showWorkloads(watching);
  } else {
    leavePage = showWorkload(pages.workload, ref, watching);
  }
  if (moved) {
    // Whoever followed a link lands on the new page's heading, as after a page load.
    const heading = pages[page].querySelector("h2");
    heading?.setAttribute("tabindex", "-1");
    heading?.focus();
  }
}

window.addEventListener("hashchange", () => {
  if (token()) {
    show(true);
  }
});

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
  show(false);
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
  show(false);
} else {
  showLogin();
}
