// List then watch, as Kubernetes clients do: the list gives the objects and a resourceVersion, the
// watch every change after it. A watch that is too old (410 Gone) lists again; a broken connection
// is tried again after a growing pause. No polling.

import { AccessError, ApiError, get, readEvents } from "./api.js";

const FIRST_PAUSE_MS = 1000;
const LONGEST_PAUSE_MS = 30000;

class Gone extends Error {}

/**
 * Keeps `objects` (a Map by name) in step with the collection at `path` (which may carry a query).
 * onChange(objects) after each change; onState({ live, retryInMs, error }) when the link changes;
 * onAccess(error) when the API refuses the token, after which the watch stops.
 */
export function watchCollection(path, { onChange, onState, onAccess }) {
  const objects = new Map();
  const stop = new AbortController();
  let pause = FIRST_PAUSE_MS;

  async function list() {
    const response = await get(path, stop.signal);
    const body = await response.json();
    objects.clear();
    for (const item of body.items ?? []) {
      objects.set(item.metadata.name, item);
    }
    onChange(objects);
    return body.metadata.resourceVersion;
  }

  async function watch(resourceVersion) {
    const query = `watch=true&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(resourceVersion)}`;
    let response;
    try {
      // A path may already ask for something (a field selector, say).
      response = await get(`${path}${path.includes("?") ? "&" : "?"}${query}`, stop.signal);
    } catch (error) {
      if (error instanceof ApiError && error.status === 410) {
        throw new Gone();
      }
      throw error;
    }
    onState({ live: true });
    pause = FIRST_PAUSE_MS;
    let last = resourceVersion;
    await readEvents(response, (event) => {
      const object = event.object ?? {};
      if (event.type === "ERROR") {
        if (object.code === 410) {
          throw new Gone();
        }
        throw new ApiError(object.code ?? 500, object.message ?? "the watch failed");
      }
      last = object.metadata?.resourceVersion ?? last;
      if (event.type === "ADDED" || event.type === "MODIFIED") {
        objects.set(object.metadata.name, object);
        onChange(objects);
      } else if (event.type === "DELETED") {
        objects.delete(object.metadata.name);
        onChange(objects);
      }
    });
    return last;
  }

  async function run() {
    let resourceVersion = null;
    while (!stop.signal.aborted) {
      try {
        if (resourceVersion === null) {
          resourceVersion = await list();
        }
        // The server ended the watch (its timeout): carry on from where it stopped.
        resourceVersion = await watch(resourceVersion);
      } catch (error) {
        if (stop.signal.aborted) {
          return;
        }
        if (error instanceof AccessError) {
          onAccess(error);
          return;
        }
        if (error instanceof Gone) {
          resourceVersion = null;
          continue;
        }
        onState({ live: false, retryInMs: pause, error: error.message });
        await new Promise((resolve) => setTimeout(resolve, pause));
        pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
      }
    }
  }

  run();
  return () => stop.abort();
}
