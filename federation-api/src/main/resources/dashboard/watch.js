// List then watch, as Kubernetes clients do: the list gives the objects and a resourceVersion, the
// watch every change after it. A watch that is too old (410 Gone) lists again; a broken connection
// is tried again after a growing pause. No polling.

import { AccessError, ApiError, get, readEvents } from "./api.js";

const FIRST_PAUSE_MS = 1000;
const LONGEST_PAUSE_MS = 30000;
// Pages of the list: no single answer holds thousands of objects, and the first page can be shown
// while the rest arrive.
const PAGE_SIZE = 500;

class Gone extends Error {}

/** The key of an object in the collection: namespace/name, or the name of a cluster-scoped one. */
export function keyOf(object) {
  const { namespace, name } = object.metadata ?? {};
  return namespace ? `${namespace}/${name}` : name;
}

function withQuery(path, parameters) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== null && value !== undefined && value !== "") {
      query.set(name, value);
    }
  }
  const text = query.toString();
  return text ? `${path}${path.includes("?") ? "&" : "?"}${text}` : path;
}

/**
 * Keeps `objects` (a Map by keyOf) in step with the collection at `path`, limited to the objects the
 * label selector (as the API reads it) selects, on the list and on the watch alike.
 * project(object) keeps only what the page shows, so that ten thousand objects stay small.
 * onChange(objects, membership) after each change, membership true when objects came or went (not
 * when one only changed); onState({ live, retryInMs, error }) when the link changes;
 * onAccess(error) when the API refuses the token, onInvalid(error) when it refuses the request
 * itself (a malformed label selector: 400); after either the watch stops.
 */
export function watchCollection(
  path,
  { labelSelector = "", project = (o) => o, onChange, onState, onAccess, onInvalid = onAccess },
) {
  const objects = new Map();
  // The resourceVersion each object was last seen at: a watch that starts before the later pages
  // of a long list replays changes those pages already hold, and must not take an object back.
  const versions = new Map();
  const stop = new AbortController();
  let pause = FIRST_PAUSE_MS;

  /** Keeps the object unless an older one; says whether it was kept and whether it is new. */
  function keep(object) {
    const key = keyOf(object);
    const version = Number(object.metadata?.resourceVersion ?? 0);
    if (versions.has(key) && versions.get(key) > version) {
      return { kept: false, added: false };
    }
    versions.set(key, version);
    const added = !objects.has(key);
    objects.set(key, project(object));
    return { kept: true, added };
  }

  async function list() {
    // The first listing shows the objects as pages arrive; a later one (after 410 Gone) updates
    // them in place and drops those gone once complete, so the page does not empty meanwhile.
    const first = objects.size === 0;
    const seen = new Set();
    let resourceVersion = null;
    let next = null;
    do {
      const response = await get(
        withQuery(path, { labelSelector, limit: PAGE_SIZE, continue: next }),
        stop.signal,
      );
      const body = await response.json();
      // Each page is read at its own resourceVersion; watching from the first one's misses nothing.
      resourceVersion ??= body.metadata.resourceVersion;
      next = body.metadata?.continue || null;
      for (const item of body.items ?? []) {
        seen.add(keyOf(item));
        if (!first) {
          versions.delete(keyOf(item));
        }
        keep(item);
      }
      if (first) {
        onChange(objects, true);
      }
    } while (next);
    for (const key of [...objects.keys()]) {
      if (!seen.has(key)) {
        objects.delete(key);
        versions.delete(key);
      }
    }
    onChange(objects, true);
    return resourceVersion;
  }

  async function watch(resourceVersion) {
    let response;
    try {
      response = await get(
        withQuery(path, {
          watch: "true",
          allowWatchBookmarks: "true",
          resourceVersion,
          labelSelector,
        }),
        stop.signal,
      );
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
        const { kept, added } = keep(object);
        if (kept) {
          onChange(objects, added);
        }
      } else if (event.type === "DELETED") {
        objects.delete(keyOf(object));
        versions.set(keyOf(object), Number(object.metadata?.resourceVersion ?? 0));
        onChange(objects, true);
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
        if (error instanceof ApiError && (error.status === 400 || error.status === 422)) {
          onInvalid(error);
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
