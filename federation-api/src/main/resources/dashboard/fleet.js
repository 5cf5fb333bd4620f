// The Fleet page: every member cluster, grouped by region then zone, one table per region, a page
// of clusters at a time, searchable by name and filtered by a label selector.

import { byText, listControls, named, pageOf, perFrame } from "./paging.js";
import { quantity } from "./quantity.js";
import { watchCollection } from "./watch.js";

const CLUSTERS = "/apis/ubernetes.io/v1/memberclusters";

const COLUMNS = [
  "Cluster",
  "Health",
  "Tier",
  "Provider",
  "CPU used / free",
  "Memory used / free",
  "Price per hour",
  "Agent",
  "Last heartbeat",
  "Schedulable",
];

const UNSET = "—";

/** Health in words (never colour alone): Ready, Not ready or Unknown, since when and why. */
export function health(cluster) {
  const ready = (cluster.status?.conditions ?? []).find((c) => c.type === "Ready");
  if (!ready) {
    return { word: "Unknown", key: "unknown", since: null, why: "no report from its agent yet" };
  }
  const word = ready.status === "True" ? "Ready" : ready.status === "False" ? "Not ready" : "Unknown";
  const key = ready.status === "True" ? "ready" : ready.status === "False" ? "notready" : "unknown";
  const why = [ready.reason, ready.message].filter(Boolean).join(": ");
  return { word, key, since: ready.lastTransitionTime ?? null, why };
}

function usage(cluster, resource, format) {
  const total = quantity(cluster.status?.allocatable?.[resource]);
  if (total === null) {
    return UNSET;
  }
  const used = quantity(cluster.status?.allocated?.[resource]) ?? 0;
  return `${format(used)} / ${format(Math.max(total - used, 0))}`;
}

const cores = (n) => `${Number.isInteger(n) ? n : n.toFixed(1)}`;
const gibibytes = (n) => `${(n / 2 ** 30).toFixed(n >= 10 * 2 ** 30 ? 0 : 1)} GiB`;

function price(cluster) {
  const cost = cluster.spec?.cost;
  if (!cost || (cost.cpuCoreHour == null && cost.memoryGiBHour == null)) {
    return UNSET;
  }
  return `${cost.cpuCoreHour ?? UNSET} per core, ${cost.memoryGiBHour ?? UNSET} per GiB`;
}

function when(timestamp) {
  if (!timestamp) {
    return UNSET;
  }
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? timestamp : date.toLocaleString();
}

function cell(row, text, detail, field) {
  const td = document.createElement("td");
  td.textContent = text;
  if (field) {
    td.dataset.field = field;
  }
  addDetail(td, detail);
  row.append(td);
  return td;
}

/** A second, quieter line under a cell's value. */
function addDetail(parent, detail) {
  if (detail) {
    const small = document.createElement("span");
    small.className = "detail";
    small.textContent = detail;
    parent.append(small);
  }
}

function clusterRow(cluster) {
  const row = document.createElement("tr");
  row.dataset.cluster = cluster.metadata.name;
  const name = document.createElement("th");
  name.scope = "row";
  name.textContent = cluster.metadata.name;
  row.append(name);

  const state = health(cluster);
  const healthCell = document.createElement("td");
  healthCell.dataset.field = "health";
  const word = document.createElement("span");
  word.className = `health health-${state.key}`;
  word.dataset.health = state.word;
  word.textContent = state.word;
  healthCell.append(word);
  const since = state.since ? `since ${when(state.since)}` : "";
  addDetail(healthCell, [since, state.why].filter(Boolean).join(" · "));
  row.append(healthCell);

  cell(row, cluster.spec?.tier ?? UNSET);
  cell(row, cluster.spec?.provider ?? UNSET);
  cell(row, usage(cluster, "cpu", cores));
  cell(row, usage(cluster, "memory", gibibytes));
  cell(row, price(cluster));
  cell(row, cluster.status?.agentVersion ?? UNSET, cluster.status?.kubernetesVersion
    ? `Kubernetes ${cluster.status.kubernetesVersion}` : null);
  cell(row, when(cluster.status?.lastHeartbeatTime), null, "heartbeat");
  cell(row, cluster.spec?.unschedulable ? "Cordoned" : "Yes", null, "schedulable");
  return row;
}

function groups(clusters) {
  const regions = new Map();
  for (const cluster of clusters) {
    const region = cluster.spec?.region ?? "(no region)";
    const zone = cluster.spec?.zone ?? "(no zone)";
    if (!regions.has(region)) {
      regions.set(region, new Map());
    }
    const zones = regions.get(region);
    if (!zones.has(zone)) {
      zones.set(zone, []);
    }
    zones.get(zone).push(cluster);
  }
  return regions;
}

/**
 * Draws one page of clusters into `container` anew, in the order given: one section and table per
 * region, a row group per zone.
 */
export function renderFleet(container, clusters) {
  const regions = groups(clusters);
  const sections = [];
  for (const region of regions.keys()) {
    const section = document.createElement("section");
    section.dataset.region = region;
    const heading = document.createElement("h3");
    heading.textContent = `Region ${region}`;
    heading.id = `region-${region.replace(/[^A-Za-z0-9_-]/g, "_")}`;
    section.setAttribute("aria-labelledby", heading.id);
    const table = document.createElement("table");
    const caption = document.createElement("caption");
    caption.textContent = `Member clusters in region ${region}, by zone`;
    table.append(caption);
    const head = document.createElement("thead");
    const headRow = document.createElement("tr");
    for (const title of COLUMNS) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = title;
      headRow.append(th);
    }
    head.append(headRow);
    table.append(head);
    const zones = regions.get(region);
    for (const zone of zones.keys()) {
      const body = document.createElement("tbody");
      body.dataset.zone = zone;
      const zoneRow = document.createElement("tr");
      const zoneHeader = document.createElement("th");
      zoneHeader.scope = "rowgroup";
      zoneHeader.colSpan = COLUMNS.length;
      zoneHeader.textContent = `Zone ${zone}`;
      zoneRow.append(zoneHeader);
      body.append(zoneRow);
      for (const cluster of zones.get(zone)) {
        body.append(clusterRow(cluster));
      }
      table.append(body);
    }
    section.append(heading, table);
    sections.push(section);
  }
  container.replaceChildren(...sections);
}

const regionOf = (cluster) => cluster.spec?.region ?? "(no region)";
const zoneOf = (cluster) => cluster.spec?.zone ?? "(no zone)";

/** Region, then zone, then name: the order of the groups, so that a page holds whole runs of them. */
function byPlace(a, b) {
  return (
    byText(regionOf(a), regionOf(b)) ||
    byText(zoneOf(a), zoneOf(b)) ||
    byText(a.metadata.name, b.metadata.name)
  );
}

/**
 * Shows the live Fleet page until the returned function is called. onState and onAccess as for
 * watchCollection.
 */
export function showFleet({ onState, onAccess }) {
  const regions = document.getElementById("regions");
  const summary = document.getElementById("fleet-summary");
  let clusters = new Map();
  let stopWatching = null;
  // The form's listeners go with the page, so that coming back does not add a second set.
  const leaving = new AbortController();

  // Heartbeats change every cluster often: draw at most once a frame, the latest state. Sorting a
  // thousand clusters takes well under a millisecond, so it is done on each draw.
  const draw = perFrame(() => {
    const sorted = [...clusters.values()].sort(byPlace);
    const shown = named(sorted, list.search, (c) => c.metadata.name);
    list.page = list.pager.show(list.page, shown.length);
    const ready = sorted.filter((c) => health(c).word === "Ready").length;
    const matching = shown.length === sorted.length ? "" : ` ${shown.length} match the search.`;
    summary.textContent = `${sorted.length} member clusters, ${ready} ready.${matching}`;
    renderFleet(regions, pageOf(shown, list.page));
  });
  const list = listControls("fleet", "clusters", leaving.signal, { draw, relist: watch });
  const filter = list.filter;

  function watch() {
    stopWatching?.();
    filter.showRefusal(null);
    clusters = new Map();
    draw();
    stopWatching = watchCollection(CLUSTERS, {
      labelSelector: filter.selector(),
      onChange: (objects) => {
        clusters = objects;
        draw();
      },
      onState,
      onAccess,
      onInvalid: (error) => filter.showRefusal(error.message),
    });
  }

  watch();
  return () => {
    stopWatching?.();
    leaving.abort();
  };
}
