// Calls to the federation's API with the token the user gave, kept for this tab only.

const TOKEN_KEY = "ubernetes.token";

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  sessionStorage.setItem(TOKEN_KEY, value);
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** The API refused the token (401) or the role (403); the message says which. */
export class AccessError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** An answer other than success, kept with its status so that callers can tell 410 Gone. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** GET with the bearer token; throws AccessError on 401/403 and ApiError on other failures. */
export async function get(path, signal) {
  return call(path, { signal });
}

/** POST of a JSON body with the bearer token; fails as get does. */
export async function post(path, body, signal) {
  return call(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });
}

async function call(path, { method = "GET", headers = {}, body, signal }) {
  const response = await fetch(path, {
    method,
    headers: { ...headers, Accept: "application/json", Authorization: `Bearer ${token() ?? ""}` },
    body,
    cache: "no-store",
    signal,
  });
  if (!response.ok) {
    await refuse(response);
  }
  return response;
}

async function refuse(response) {
  let detail = "";
  try {
    const body = await response.json();
    detail = body.detail ?? body.message ?? "";
  } catch {
    // No readable body: the status alone says enough.
  }
  if (response.status === 401) {
    throw new AccessError(401, `The API did not accept this token${detail ? `: ${detail}` : "."}`);
  }
  if (response.status === 403) {
    throw new AccessError(403, `This token may not see this${detail ? `: ${detail}` : "."}`);
  }
  throw new ApiError(response.status, `The API answered ${response.status}${detail ? `: ${detail}` : ""}`);
}

/**
 * Reads a watch's newline-delimited JSON events as they arrive and hands each to onEvent; returns
 * when the server ends the watch.
 */
export async function readEvents(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let pending = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      pending += decoder.decode(value, { stream: true });
      let end;
      while ((end = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, end).trim();
        pending = pending.slice(end + 1);
        if (line) {
          onEvent(JSON.parse(line));
        }
      }
    }
  } catch (error) {
    // Ends the connection too, so that a watch given up on does not stay open.
    reader.cancel().catch(() => {});
    throw error;
  }
}
