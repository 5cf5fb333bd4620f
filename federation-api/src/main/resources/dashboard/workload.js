// The workload page (#/workloads/<namespace>/<name>, #/clusterworkloads/<name>): its replicas and
// where they run, conditions, rollout, the stored placement explained term by term, its
// namespace's quota use, its DNS names, its events, and a what-if. Live: the page watches the
// workload and reads its placement again whenever the workload's status changes.

import { AccessError, ApiError, get } from "./api.js";
import { el, note, table, UNSET, when } from "./dom.js";
import { renderExplanation } from "./explanation.js";
import { watchCollection } from "./watch.js";
import { renderWhatIf } from "./whatif.js";

const GROUP = "/apis/ubernetes.io/v1";

/** The workload a location hash names, or null when it names none. */
export function workloadRoute(hash) {
  const segments = (hash ?? "").replace(/^#\/?/, "").split("/").filter(Boolean);
  try {
    if (segments[0] === "workloads" && segments.length === 3) {
      return { namespace: decodeURIComponent(segments[1]), name: decodeURIComponent(segments[2]) };
    }
    if (segments[0] === "clusterworkloads" && segments.length === 2) {
      return { namespace: null, name: decodeURIComponent(segments[1]) };
    }
  } catch {
    // A malformed escape names no workload.
  }
  return null;
}

function paths({ namespace, name }) {
  const n = encodeURIComponent(name);
  const collection = namespace === null
    ? `${GROUP}/clusterfederatedworkloads`
    : `${GROUP}/namespaces/${encodeURIComponent(namespace)}/federatedworkloads`;
  return {
    watch: `${collection}?fieldSelector=${encodeURIComponent(`metadata.name=${name}`)}`,
    placement: `${collection}/${n}/placement`,
    quotas: namespace === null ? null
      : `${GROUP}/namespaces/${encodeURIComponent(namespace)}/federatedresourcequotas`,
    services: namespace === null ? null
      : `${GROUP}/namespaces/${encodeURIComponent(namespace)}/federatedservices`,
    // A cluster-scoped workload's events are filed in `default`, as Kubernetes files them.
    events: `/api/v1/namespaces/${encodeURIComponent(namespace ?? "default")}/events?fieldSelector=${
      encodeURIComponent(`involvedObject.name=${name},involvedObject.kind=${
        namespace === null ? "ClusterFederatedWorkload" : "FederatedWorkload"}`)}`,
  };
}

function part(id, title) {
  const body = el("div", { id });
  const section = el(
    "section",
    { class: "part", "aria-labelledby": `${id}-title` },
    el("h3", { id: `${id}-title` }, title),
    body,
  );
  return { section, body };
}

/**
 * Opens the page of `target` ({ namespace, name }; namespace null for a cluster workload) in
 * `container`. onState and onAccess as watchCollection takes them. Returns a function that closes
 * it (ends its watch and its reads).
 */
export function showWorkload(container, target, { onState, onAccess }) {
  const at = paths(target);
  const stop = new AbortController();
  const label = target.namespace === null ? target.name : `${target.namespace}/${target.name}`;
  const title = el(
    "h2",
    { id: "workload-title", tabindex: "-1" },
    `${target.namespace === null ? "Cluster workload" : "Workload"} ${label}`,
  );
  const counts = el("dl", { id: "workload-counts", class: "counts" });
  const shares = part("workload-shares", "Replicas per cluster");
  const conditions = part("workload-conditions", "Conditions");
  const rollout = part("workload-rollout", "Rollout");
  const explanation = part("workload-placement", "Placement, and why");
  const quota = part("workload-quota", target.namespace === null
    ? "Quota use" : `Quota use in namespace ${target.namespace}`);
  const dns = part("workload-dns", "DNS names");
  const events = part("workload-events", "Events");
  const whatIf = part("workload-whatif", "What if clusters failed or were drained?");
  container.replaceChildren(
    title, counts, shares.section, conditions.section, rollout.section, explanation.section,
    quota.section, dns.section, events.section, whatIf.section,
  );
  title.focus();
  const pageTitle = document.title;
  document.title = `Ubernetes · ${label}`;
  explanation.body.append(note("Reading the placement…"));

  let workload = null;
  let placement = null;
  let lastStatus;
  let reading = null;
  let readAgain = false;

  function refused(error) {
    if (error instanceof AccessError) {
      onAccess(error);
      return true;
    }
    return stop.signal.aborted;
  }

  async function read(path, onBody, onMissing, into) {
    if (path === null) {
      return;
    }
    try {
      onBody(await (await get(path, stop.signal)).json());
    } catch (error) {
      if (refused(error)) {
        return;
      }
      if (error instanceof ApiError && error.status === 404) {
        onMissing();
      } else {
        into.replaceChildren(note(`Could not read it: ${error.message}`, { class: "note error" }));
      }
    }
  }

  /** Everything that is not in the workload itself, read again after each change of its status. */
  function readTheRest() {
    if (reading) {
      readAgain = true;
      return;
    }
    reading = Promise.all([
      read(at.placement, (body) => {
        placement = body;
        renderExplanation(explanation.body, body);
      }, () => {
        placement = null;
        explanation.body.replaceChildren(note("Not placed yet: the scheduler has not decided."));
      }, explanation.body),
      read(at.quotas, (body) => renderQuotas(quota.body, body, target.namespace),
        () => quota.body.replaceChildren(note("This federation serves no quotas.")), quota.body),
      read(at.services, (body) => renderDnsNames(dns.body, body, target.name),
        () => dns.body.replaceChildren(note("This federation serves no FederatedServices.")),
        dns.body),
      read(at.events, (body) => renderEvents(events.body, body),
        () => events.body.replaceChildren(note("Events are not available from this federation.",
          { data: { events: "unavailable" } })), events.body),
    ]).finally(() => {
      reading = null;
      if (readAgain && !stop.signal.aborted) {
        readAgain = false;
        readTheRest();
      }
    });
  }

  if (target.namespace === null) {
    quota.body.replaceChildren(note("Quotas are per namespace; a cluster workload is in none."));
    dns.body.replaceChildren(note("FederatedServices select namespaced workloads only."));
  }

  renderWhatIf(whatIf.body, {
    workload: () => workload,
    placement: () => placement,
    onAccess,
    signal: stop.signal,
  });

  const stopWatching = watchCollection(at.watch, {
    onChange: (objects) => {
      workload = objects.get(label) ?? null;
      if (!workload) {
        counts.replaceChildren(el("dt", {}, "Not found"),
          el("dd", {}, `No workload ${label}, or it was deleted.`));
        shares.body.replaceChildren();
        lastStatus = undefined;
        return;
      }
      const status = JSON.stringify(workload.status ?? {});
      renderCounts(counts, workload);
      renderShares(shares.body, workload);
      renderConditions(conditions.body, workload);
      renderRollout(rollout.body, workload);
      if (status !== lastStatus) {
        lastStatus = status;
        readTheRest();
      }
    },
    onState,
    onAccess,
  });

  return () => {
    stop.abort();
    stopWatching();
    document.title = pageTitle;
  };
}

function renderCounts(counts, workload) {
  const status = workload.status ?? {};
  const entries = [
    ["Desired", status.desiredReplicas ?? workload.spec?.replicas, "desired"],
    ["Placed", status.replicas, "placed"],
    ["Updated", status.updatedReplicas, "updated"],
    ["Ready", status.readyReplicas, "ready"],
    ["Available", status.availableReplicas, "available"],
  ];
  counts.replaceChildren(...entries.flatMap(([label, value, field]) => [
    el("dt", {}, label),
    el("dd", { data: { field } }, value === undefined || value === null ? UNSET : String(value)),
  ]));
}

/** One row per cluster: a bar of replicas placed, ready ones filled, and the numbers in words. */
function renderShares(body, workload) {
  const status = workload.status ?? {};
  const clusters = [...(status.clusters ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  if (clusters.length === 0) {
    body.replaceChildren(note("No replicas placed on any cluster."));
    return;
  }
  const most = Math.max(
    1,
    status.desiredReplicas ?? 0,
    ...clusters.map((c) => Math.max(c.replicas ?? 0, c.targetReplicas ?? 0)),
  );
  const rows = el("tbody");
  for (const share of clusters) {
    const placed = share.replicas ?? 0;
    const ready = share.readyReplicas ?? 0;
    const bar = el("div", { class: "share-bar", "aria-hidden": "true" });
    const placedPart = el("span", { class: "share-placed" });
    const readyPart = el("span", { class: "share-ready" });
    // Through the CSS object model: the content security policy refuses style attributes.
    placedPart.style.width = `${(100 * placed) / most}%`;
    readyPart.style.width = `${(100 * Math.min(ready, placed)) / most}%`;
    placedPart.append(readyPart);
    bar.append(placedPart);
    const moving = share.targetReplicas != null && share.targetReplicas !== placed
      ? ` → ${share.targetReplicas}` : "";
    rows.append(el(
      "tr",
      { data: { share: share.name, placed: String(placed), ready: String(ready) } },
      el("th", { scope: "row" }, share.name),
      el("td", { class: "share-cell" }, bar),
      el("td", { data: { field: "placed" } }, `${placed}${moving} placed`),
      el("td", { data: { field: "ready" } }, `${ready} ready`),
      el("td", { data: { field: "health" } }, share.health ?? "Unknown",
        share.message ? el("span", { class: "detail" }, share.message) : null),
    ));
  }
  const head = el("thead", {}, el("tr", {}, ...["Cluster", "Replicas (filled: ready)", "Placed",
    "Ready", "Health"].map((h) => el("th", { scope: "col" }, h))));
  body.replaceChildren(el(
    "table",
    { class: "shares" },
    el("caption", {}, `Replicas placed and ready in each cluster, out of ${status.desiredReplicas
      ?? workload.spec?.replicas ?? UNSET} desired`),
    head,
    rows,
  ));
}

function renderConditions(body, workload) {
  const conditions = workload.status?.conditions ?? [];
  body.replaceChildren(conditions.length
    ? table("The workload's conditions", ["Type", "Status", "Reason", "Message", "Since"],
      conditions.map((c) => ({
        data: { condition: c.type },
        cells: [c.type, { text: c.status, field: "status" }, c.reason, c.message,
          when(c.lastTransitionTime)],
      })))
    : note("No conditions reported yet."));
}

function renderRollout(body, workload) {
  const rollout = workload.status?.rollout;
  if (!rollout) {
    body.replaceChildren(note("No rollout recorded yet."));
    return;
  }
  const facts = [
    ["Phase", rollout.phase, "phase"],
    ["Stage", rollout.stage, "stage"],
    ["Gate", rollout.gate ? `${rollout.gate} since ${when(rollout.gateSince)}` : null, "gate"],
    ["Current revision", rollout.currentRevision, "currentRevision"],
    ["Target revision", rollout.targetRevision, "targetRevision"],
    ["Rolled back from", rollout.rolledBackFrom, "rolledBackFrom"],
    ["Why it halted", rollout.haltedReason, "haltedReason"],
  ].filter(([, value]) => value !== undefined && value !== null);
  body.replaceChildren(
    el("dl", { class: "facts" }, ...facts.flatMap(([label, value, field]) => [
      el("dt", {}, label), el("dd", { data: { field } }, String(value))])),
    table("Each cluster's revision", ["Cluster", "Revision", "State", "Since", "Why"],
      (rollout.clusters ?? []).map((c) => ({
        data: { rollout: c.name },
        cells: [c.name, { text: c.revision, field: "revision" }, { text: c.state, field: "state" },
          when(c.since), c.reason],
      }))),
  );
}

function renderQuotas(body, list, namespace) {
  const rows = [];
  for (const quota of list.items ?? []) {
    const hard = quota.status?.hard ?? {};
    const used = quota.status?.used ?? {};
    for (const resource of new Set([...Object.keys(hard), ...Object.keys(used)])) {
      rows.push({
        data: { quota: quota.metadata.name, resource },
        cells: [quota.metadata.name, resource, { text: used[resource], field: "used" },
          { text: hard[resource], field: "hard" }],
      });
    }
  }
  body.replaceChildren(rows.length
    ? table(`FederatedResourceQuotas of namespace ${namespace}`, ["Quota", "Resource", "Used",
      "Hard"], rows)
    : note(`No FederatedResourceQuota limits namespace ${namespace}.`));
}

/** The names the federation's DNS serves for each FederatedService that selects the workload. */
function renderDnsNames(body, list, workload) {
  const services = (list.items ?? []).filter((s) => s.spec?.workload === workload)
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  if (services.length === 0) {
    body.replaceChildren(note("No FederatedService selects this workload."));
    return;
  }
  body.replaceChildren(el("ul", { class: "dns" }, ...services.map((service) => el(
    "li",
    { data: { service: service.metadata.name } },
    `FederatedService ${service.metadata.name}`,
    (service.status?.dnsNames ?? []).length
      ? el("ul", {}, ...service.status.dnsNames.map((name) => el("li", {},
        el("code", { data: { dnsName: name } }, name))))
      : el("span", { class: "detail" }, "no names yet"),
  ))));
}

function renderEvents(body, list) {
  const items = [...(list.items ?? [])].sort((a, b) =>
    String(b.lastTimestamp ?? "").localeCompare(String(a.lastTimestamp ?? "")));
  body.replaceChildren(items.length
    ? table("The workload's events, newest first", ["Last seen", "Type", "Reason", "Message",
      "Count"], items.map((e) => ({
      data: { event: e.reason ?? "" },
      cells: [when(e.lastTimestamp), e.type, { text: e.reason, field: "reason" },
        { text: e.message, field: "message" }, e.count],
    })))
    : note("No events recorded", { data: { events: "none" } }));
}
