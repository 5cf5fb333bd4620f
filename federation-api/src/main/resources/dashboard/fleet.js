// The Fleet page: every member cluster, grouped by region then zone, one table per region.

import { quantity } from "./quantity.js";

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

function byName(a, b) {
  return a.localeCompare(b);
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

/** Draws the clusters into `container` anew: one section and table per region, a row group per zone. */
export function renderFleet(container, summary, clusters) {
  const all = [...clusters.values()];
  const ready = all.filter((c) => health(c).word === "Ready").length;
  summary.textContent = `${all.length} member clusters, ${ready} ready.`;
  const regions = groups(all);
  const sections = [];
  for (const region of [...regions.keys()].sort(byName)) {
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
    for (const zone of [...zones.keys()].sort(byName)) {
      const body = document.createElement("tbody");
      body.dataset.zone = zone;
      const zoneRow = document.createElement("tr");
      const zoneHeader = document.createElement("th");
      zoneHeader.scope = "rowgroup";
      zoneHeader.colSpan = COLUMNS.length;
      zoneHeader.textContent = `Zone ${zone}`;
      zoneRow.append(zoneHeader);
      body.append(zoneRow);
      for (const cluster of zones.get(zone).sort((a, b) => byName(a.metadata.name, b.metadata.name))) {
        body.append(clusterRow(cluster));
      }
      table.append(body);
    }
    section.append(heading, table);
    sections.push(section);
  }
  container.replaceChildren(...sections);
}
