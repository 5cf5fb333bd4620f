// The Workloads page: every FederatedWorkload of the namespaces the token may read and every
// ClusterFederatedWorkload, a page of rows at a time: the replicas desired, placed and ready, a bar
// per cluster (its placed and ready replicas, in numbers too), the Scheduled and Ready conditions in
// words, the rollout, and the namespace's quota use. Live: three watches (the two kinds and the
// quotas) keep it current; a failover moves the bars on the open page.

import { byText, listControls, named, pageOf, perFrame } from "./paging.js";
import { watchCollection } from "./watch.js";

const WORKLOADS = "/apis/ubernetes.io/v1/federatedworkloads";
const CLUSTER_WORKLOADS = "/apis/ubernetes.io/v1/clusterfederatedworkloads";
// All namespaces' quotas in one watch rather than one per namespace shown: a browser opens only six
// connections to a server over HTTP/1.1, and a watch holds one for as long as the page is open.
const QUOTAS = "/apis/ubernetes.io/v1/federatedresourcequotas";
// A workload spread over many clusters shows its largest shares; the rest are counted.
const BARS_SHOWN = 8;
const UNSET = "—";

/** What a row shows of a workload: ten thousand whole objects with their templates would not fit. */
function slim(object) {
  const status = object.status ?? {};
  const condition = (type) => {
    const c = (status.conditions ?? []).find((x) => x.type === type);
    return c ? { status: c.status, reason: c.reason, message: c.message } : null;
  };
  const rollout = status.rollout;
  return {
    clusterScoped: !object.metadata.namespace,
    namespace: object.metadata.namespace ?? "",
    name: object.metadata.name,
    desired: status.desiredReplicas ?? object.spec?.replicas ?? null,
    placed: status.replicas ?? null,
    ready: status.readyReplicas ?? null,
    clusters: (status.clusters ?? []).map((c) => ({
      name: c.name,
      placed: c.memberReplicas ?? c.replicas ?? 0,
      ready: c.readyReplicas ?? 0,
    })),
    scheduled: condition("Scheduled"),
    readyCondition: condition("Ready"),
    rollout: rollout
      ? { phase: rollout.phase, stage: rollout.stage, gate: rollout.gate, why: rollout.haltedReason }
      : null,
  };
}

function slimQuota(object) {
  return {
    namespace: object.metadata.namespace,
    name: object.metadata.name,
    hard: object.status?.hard ?? object.spec?.hard ?? {},
    used: object.status?.used ?? {},
  };
}

function text(parent, tag, value, className) {
  const element = document.createElement(tag);
  element.textContent = value;
  if (className) {
    element.className = className;
  }
  parent.append(element);
  return element;
}

const count = (n) => (n === null || n === undefined ? UNSET : String(n));

/** A condition in words, never a colour alone: "Scheduled", "Not ready: Reason". */
function conditionWords(condition, yes, no) {
  if (!condition) {
    return { words: `${yes}: not yet known`, detail: "" };
  }
  if (condition.status === "True") {
    return { words: yes, detail: "" };
  }
  const words = condition.status === "False" ? no : `${yes}: unknown`;
  return {
    words: condition.reason ? `${words} (${condition.reason})` : words,
    detail: condition.message ?? "",
  };
}

function barsCell(workload) {
  const td = document.createElement("td");
  td.dataset.field = "clusters";
  if (workload.clusters.length === 0) {
    td.textContent = "Not placed";
    return td;
  }
  const shares = [...workload.clusters].sort((a, b) => b.placed - a.placed || byText(a.name, b.name));
  const scale = Math.max(1, workload.desired ?? 0, ...shares.map((s) => s.placed));
  const list = document.createElement("ul");
  list.className = "bars";
  for (const share of shares.slice(0, BARS_SHOWN)) {
    const item = document.createElement("li");
    item.dataset.cluster = share.name;
    item.dataset.placed = share.placed;
    item.dataset.ready = share.ready;
    text(item, "span", share.name, "bar-name");
    // The bar repeats the numbers beside it for the eye; screen readers read the numbers.
    const bar = document.createElement("span");
    bar.className = "bar-track";
    bar.setAttribute("aria-hidden", "true");
    const placed = document.createElement("span");
    placed.className = "bar-placed";
    placed.style.width = `${(100 * share.placed) / scale}%`;
    const ready = document.createElement("span");
    ready.className = "bar-ready";
    ready.style.width = share.placed ? `${(100 * Math.min(share.ready, share.placed)) / share.placed}%` : "0";
    placed.append(ready);
    bar.append(placed);
    item.append(bar);
    text(item, "span", `${share.placed} placed, ${share.ready} ready`, "bar-count");
    list.append(item);
  }
  td.append(list);
  if (shares.length > BARS_SHOWN) {
    const rest = shares.slice(BARS_SHOWN);
    text(td, "span", `and ${rest.length} more clusters with ${rest.reduce((n, s) => n + s.placed, 0)} placed`,
      "detail");
  }
  return td;
}

function quotaCell(workload, quotasByNamespace) {
  const td = document.createElement("td");
  td.dataset.field = "quota";
  if (workload.clusterScoped) {
    td.textContent = UNSET;
    return td;
  }
  const quotas = quotasByNamespace.get(workload.namespace) ?? [];
  if (quotas.length === 0) {
    td.textContent = "No quota";
    return td;
  }
  for (const quota of quotas) {
    const uses = Object.keys(quota.hard).sort(byText)
      .map((resource) => `${resource} ${quota.used[resource] ?? "0"} / ${quota.hard[resource]}`);
    text(td, "span", `${quota.name}: ${uses.join(", ") || "nothing limited"}`, "quota");
  }
  return td;
}

function workloadRow(workload, quotasByNamespace) {
  const row = document.createElement("tr");
  row.dataset.workload = workload.clusterScoped ? workload.name : `${workload.namespace}/${workload.name}`;
  text(row, "td", workload.clusterScoped ? "(cluster-wide)" : workload.namespace);
  const name = document.createElement("th");
  name.scope = "row";
  const link = document.createElement("a");
  link.href = workload.clusterScoped
    ? `#/clusterworkloads/${encodeURIComponent(workload.name)}`
    : `#/workloads/${encodeURIComponent(workload.namespace)}/${encodeURIComponent(workload.name)}`;
  link.textContent = workload.name;
  name.append(link);
  row.append(name);
  const replicas = text(row, "td",
    `${count(workload.desired)} / ${count(workload.placed)} / ${count(workload.ready)}`);
  replicas.dataset.field = "replicas";
  row.append(barsCell(workload));

  const conditions = document.createElement("td");
  conditions.dataset.field = "conditions";
  for (const [condition, yes, no] of [
    [workload.scheduled, "Scheduled", "Not scheduled"],
    [workload.readyCondition, "Ready", "Not ready"],
  ]) {
    const { words, detail } = conditionWords(condition, yes, no);
    text(conditions, "span", words, "condition");
    if (detail) {
      text(conditions, "span", detail, "detail");
    }
  }
  row.append(conditions);

  const rollout = document.createElement("td");
  rollout.dataset.field = "rollout";
  if (workload.rollout) {
    const { phase, stage, gate, why } = workload.rollout;
    rollout.textContent = [phase, stage ? `stage ${stage}` : null, gate ? `waiting on ${gate}` : null]
      .filter(Boolean).join(" · ");
    if (why) {
      text(rollout, "span", why, "detail");
    }
  } else {
    rollout.textContent = UNSET;
  }
  row.append(rollout);
  row.append(quotaCell(workload, quotasByNamespace));
  return row;
}

function byNamespaceAndName(a, b) {
  return byText(a.namespace, b.namespace) || byText(a.name, b.name);
}

/**
 * Shows the live Workloads page until the returned function is called. onState and onAccess as for
 * watchCollection.
 */
export function showWorkloads({ onState, onAccess }) {
  const rows = document.getElementById("workloads-rows");
  const summary = document.getElementById("workloads-summary");
  const namespaceSelect = document.getElementById("workloads-namespace");
  let namespaced = new Map();
  let clusterScoped = new Map();
  let quotas = new Map();
  // Sorted anew only when workloads come or go: a status change keeps the order.
  let order = null;
  let namespace = namespaceSelect.value;
  let stops = [];
  // The form's listeners go with the page, so that coming back does not add a second set.
  const leaving = new AbortController();

  const draw = perFrame(() => {
    if (order === null) {
      const entry = (scoped) => ([key, w]) => ({ scoped, key, namespace: w.namespace, name: w.name });
      order = [...clusterScoped.entries()].map(entry(true))
        .concat([...namespaced.entries()].map(entry(false)))
        .sort(byNamespaceAndName);
      namespaceOptions();
    }
    const inNamespace = namespace ? order.filter((w) => w.namespace === namespace) : order;
    const shown = named(inNamespace, list.search, (w) => w.name);
    list.page = list.pager.show(list.page, shown.length);
    const total = order.length;
    summary.textContent = `${total.toLocaleString("en")} workloads${
      shown.length === total ? "" : `, ${shown.length.toLocaleString("en")} shown by the filter`}.`;
    const quotasByNamespace = new Map();
    for (const quota of quotas.values()) {
      if (!quotasByNamespace.has(quota.namespace)) {
        quotasByNamespace.set(quota.namespace, []);
      }
      quotasByNamespace.get(quota.namespace).push(quota);
    }
    // A keyboard user on a row's link keeps the focus there across redraws.
    const focused = document.activeElement?.closest?.("#workloads-rows tr")?.dataset.workload;
    rows.replaceChildren(...pageOf(shown, list.page)
      .map((w) => (w.scoped ? clusterScoped : namespaced).get(w.key))
      .filter(Boolean)
      .map((w) => workloadRow(w, quotasByNamespace)));
    if (focused) {
      rows.querySelector(`tr[data-workload="${CSS.escape(focused)}"] a`)?.focus();
    }
  });

  function namespaceOptions() {
    const names = [...new Set(order.filter((w) => !w.scoped).map((w) => w.namespace))];
    if (namespace && !names.includes(namespace)) {
      names.push(namespace);
    }
    const options = [new Option("All namespaces", "")]
      .concat(names.sort(byText).map((n) => new Option(n, n)));
    namespaceSelect.replaceChildren(...options);
    namespaceSelect.value = namespace;
  }

  const list = listControls("workloads", "workloads", leaving.signal, { draw, relist: watch });
  const filter = list.filter;
  const onNamespace = () => {
    namespace = namespaceSelect.value;
    list.page = 0;
    draw();
  };
  namespaceSelect.addEventListener("change", onNamespace, { signal: leaving.signal });

  function watch() {
    stops.forEach((stop) => stop());
    filter.showRefusal(null);
    namespaced = new Map();
    clusterScoped = new Map();
    order = null;
    draw();
    const refused = (error) => {
      stops.forEach((stop) => stop());
      filter.showRefusal(error.message);
    };
    const follow = (keep) => (objects, membership) => {
      keep(objects);
      order = membership ? null : order;
      draw();
    };
    const common = { labelSelector: filter.selector(), project: slim, onState, onAccess, onInvalid: refused };
    stops = [
      watchCollection(WORKLOADS, { ...common, onChange: follow((objects) => (namespaced = objects)) }),
      watchCollection(CLUSTER_WORKLOADS, {
        ...common,
        onChange: follow((objects) => (clusterScoped = objects)),
      }),
      watchCollection(QUOTAS, {
        project: slimQuota,
        onState,
        onAccess,
        onChange: (objects) => {
          quotas = objects;
          draw();
        },
      }),
    ];
  }

  watch();
  return () => {
    stops.forEach((stop) => stop());
    leaving.abort();
  };
}
