// A placement decision as the API explains it (a stored WorkloadPlacement or a simulated one):
// the clusters chosen with their cost terms, the candidates not chosen with the cost of one more
// replica, and the clusters rejected with why. Words and figures are the API's own, unchanged:
// term names are its keys, numbers its numbers, reasons its sentences.

import { el, note, table, when } from "./dom.js";

/** The verdicts in the API's order, split as `kubectl ubernetes explain` splits them. */
export function parts(placement) {
  const chosen = [];
  const candidates = [];
  const rejected = new Map();
  for (const verdict of placement.clusters ?? []) {
    if (verdict.candidate === false) {
      rejected.set(verdict.cluster, verdict.reason);
    } else if ((verdict.replicas ?? 0) > 0) {
      chosen.push(verdict);
    } else {
      candidates.push(verdict);
    }
  }
  // A stored decision keeps the verdicts of the chosen and the best runners-up only; every
  // filtered cluster is in `filtered`, by reason.
  for (const [reason, clusters] of Object.entries(placement.filtered ?? {})) {
    for (const cluster of clusters) {
      if (!rejected.has(cluster)) {
        rejected.set(cluster, reason);
      }
    }
  }
  return { chosen, candidates, rejected };
}

/**
 * A number as `kubectl ubernetes explain` prints it, rounded to `decimals` (none: as sent); the
 * exact figure the API sent is kept in the cell's data-value and, when rounding changed it, title.
 */
function figure(value, decimals) {
  if (value === undefined || value === null) {
    return { text: null };
  }
  const exact = String(value);
  const shown = typeof value === "number" && decimals !== undefined
    ? String(Number(value.toFixed(decimals)))
    : exact;
  return { text: shown, title: shown === exact ? null : exact, data: { value: exact } };
}

/** Every term name in the order the API gives them, over these verdicts' `field`. */
function termNames(verdicts, field) {
  const names = [];
  for (const verdict of verdicts) {
    for (const name of Object.keys(verdict[field] ?? {})) {
      if (!names.includes(name)) {
        names.push(name);
      }
    }
  }
  return names;
}

function sum(terms) {
  const values = Object.values(terms ?? {}).filter((v) => typeof v === "number");
  if (values.length === 0) {
    return null;
  }
  return String(Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100);
}

function verdictTable(caption, verdicts, field, part, legend) {
  const terms = termNames(verdicts, field);
  const headers = [
    "Cluster",
    { text: "replicas" },
    { text: "capacity", title: legend.capacity },
    { text: "pricePerHour", title: legend.pricePerHour },
    { text: "utilizationPercent", title: legend.utilizationPercent },
    ...terms.map((t) => ({ text: `${field}.${t}`, title: legend[`cost.${t}`] })),
    { text: `${field} (sum)`, title: legend.cost },
    "quota",
  ];
  const rows = verdicts.map((v) => ({
    data: { verdict: v.cluster },
    cells: [
      v.cluster,
      { ...figure(v.replicas), field: "replicas" },
      { ...figure(v.capacity), field: "capacity" },
      { ...figure(v.pricePerHour, 4), field: "pricePerHour" },
      { ...figure(v.utilizationPercent, 1), field: "utilizationPercent" },
      ...terms.map((t) => {
        const value = v[field]?.[t];
        const shown = figure(value, 2);
        return {
          ...shown,
          data: { ...shown.data, term: t, ...(value === 0 ? { zero: "" } : {}) },
        };
      }),
      { text: sum(v[field]), field: "sum" },
      { text: v.quota, field: "quota" },
    ],
  }));
  return table(caption, headers, rows, { data: { part }, class: "terms" });
}

/** The whole explanation, drawn into `container` anew. */
export function renderExplanation(container, placement) {
  const legend = placement.legend ?? {};
  const { chosen, candidates, rejected } = parts(placement);
  const facts = el(
    "dl",
    { class: "facts" },
    ...fact("Outcome", placement.outcome, "outcome"),
    ...fact("Summary", placement.summary, "summary"),
    ...(placement.decidedAt ? fact("Decided", when(placement.decidedAt), "decidedAt") : []),
    ...(placement.workloadGeneration != null
      ? fact("For generation", String(placement.workloadGeneration), "workloadGeneration")
      : []),
    ...(placement.moving ? fact("Moving", placement.moving, "moving") : []),
    ...(placement.problems ?? []).flatMap((p) => fact("Problem", p, "problem")),
  );
  const children = [facts];
  children.push(
    chosen.length
      ? verdictTable("Chosen clusters and the cost terms of their replicas", chosen, "cost",
        "chosen", legend)
      : note("No cluster was given replicas.", { data: { part: "chosen" } }),
  );
  if (candidates.length) {
    children.push(verdictTable("Candidates not chosen, with the cost of one more replica there",
      candidates, "nextReplica", "candidates", legend));
  }
  children.push(
    rejected.size
      ? table(
        "Rejected clusters and why",
        ["Cluster", "Why"],
        [...rejected].map(([cluster, reason]) => ({
          data: { verdict: cluster },
          cells: [cluster, { text: reason, field: "reason" }],
        })),
        { data: { part: "rejected" } },
      )
      : note("No cluster was rejected.", { data: { part: "rejected" } }),
  );
  if (Object.keys(legend).length) {
    children.push(
      el(
        "details",
        { class: "legend" },
        el("summary", {}, "What the figures mean"),
        el("dl", {}, ...Object.entries(legend).flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
      ),
    );
  }
  container.replaceChildren(...children);
  // The instant as the API wrote it, for whoever compares the page with the API.
  container.dataset.decidedAt = placement.decidedAt ?? "";
}

function fact(label, value, field) {
  return [el("dt", {}, label), el("dd", { data: { field } }, value ?? "—")];
}
