// What-if on the workload page: mark member clusters failed or drained, ask the federation where
// the workload's replicas would go (POST /api/v1/placement:simulate with the stored workload), and
// show that beside where they are placed now, with the simulation's own explanation. Nothing is
// written.

import { AccessError, get, post } from "./api.js";
import { el, note } from "./dom.js";
import { renderExplanation } from "./explanation.js";

const CLUSTERS = "/apis/ubernetes.io/v1/memberclusters";
const SIMULATE = "/api/v1/placement:simulate";

/** The simulation request for a workload as stored, with the clusters marked. */
export function simulationRequest(workload, failed, drained) {
  const metadata = { name: workload.metadata.name };
  if (workload.metadata.namespace) {
    metadata.namespace = workload.metadata.namespace;
  }
  return {
    workload: { metadata, spec: workload.spec },
    failedClusters: failed,
    unschedulableClusters: drained,
  };
}

/**
 * Draws the what-if form into `container`. workload() and placement() give the workload and its
 * stored placement as the page last read them.
 */
export function renderWhatIf(container, { workload, placement, onAccess, signal }) {
  const form = el("form", { id: "whatif-form", class: "whatif", "aria-describedby": "whatif-help" });
  const help = el("p", { id: "whatif-help" },
    "Mark clusters as failed (their replicas move away) or drained (they take no new replicas and "
    + "give theirs up where the rules allow), then simulate. Nothing is changed.");
  const marks = el("div", { id: "whatif-clusters" }, note("Reading the member clusters…"));
  const simulate = el("button", { type: "submit", id: "whatif-simulate" }, "Simulate");
  // Only the one-line answer is announced; the tables under it are there to be read.
  const said = el("p", { id: "whatif-said", role: "status" });
  const outcome = el("div", { id: "whatif-result" });
  form.append(marks, simulate);
  container.replaceChildren(help, form, said, outcome);

  get(CLUSTERS, signal)
    .then((response) => response.json())
    .then((list) => {
      const names = (list.items ?? []).map((c) => c.metadata.name).sort();
      marks.replaceChildren(checkboxes(names));
    })
    .catch((error) => {
      if (error instanceof AccessError) {
        onAccess(error);
      } else if (!signal.aborted) {
        marks.replaceChildren(note(`Could not read the member clusters: ${error.message}`,
          { class: "note error" }));
      }
    });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const stored = workload();
    if (!stored) {
      outcome.replaceChildren(note("The workload has not been read yet.", { class: "note error" }));
      return;
    }
    said.className = "";
    const failed = checked(form, "failed");
    const drained = checked(form, "drained");
    simulate.disabled = true;
    said.textContent = "Simulating…";
    outcome.replaceChildren();
    try {
      const response = await post(SIMULATE, simulationRequest(stored, failed, drained), signal);
      const simulated = await response.json();
      said.textContent = `Simulated: ${simulated.summary ?? simulated.outcome}`;
      renderResult(outcome, simulated, placement(), failed, drained);
    } catch (error) {
      if (error instanceof AccessError) {
        onAccess(error);
      } else if (!signal.aborted) {
        said.textContent = `The simulation failed: ${error.message}`;
        said.className = "error";
      }
    } finally {
      simulate.disabled = false;
    }
  });
}

function checked(form, mark) {
  return [...form.querySelectorAll(`input[data-mark='${mark}']:checked`)]
    .map((input) => input.dataset.cluster);
}

/** A table of clusters with a labelled checkbox each for "failed" and "drained". */
function checkboxes(names) {
  const rows = names.map((name, index) => el(
    "tr",
    { data: { cluster: name } },
    el("th", { scope: "row" }, name),
    ...["failed", "drained"].map((mark) => {
      const id = `whatif-${mark}-${index}`;
      return el(
        "td",
        {},
        el("input", { type: "checkbox", id, data: { mark, cluster: name } }),
        el("label", { for: id }, el("span", { class: "visually-hidden" }, `${name} `), mark),
      );
    }),
  ));
  return el(
    "table",
    { class: "marks" },
    el("caption", {}, "Clusters to mark"),
    el("thead", {}, el("tr", {}, ...["Cluster", "Failed", "Drained"]
      .map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, ...rows),
  );
}

/** Where the replicas are placed now and where they would go, side by side; then why. */
function renderResult(outcome, simulated, stored, failed, drained) {
  const now = stored?.replicas ?? {};
  const then = simulated.replicas ?? {};
  const clusters = [...new Set([...Object.keys(now), ...Object.keys(then)])].sort();
  const rows = clusters.map((cluster) => {
    const marks = [failed.includes(cluster) ? "failed" : null,
      drained.includes(cluster) ? "drained" : null].filter(Boolean).join(", ");
    const before = now[cluster] ?? 0;
    const after = then[cluster] ?? 0;
    return el(
      "tr",
      { data: { cluster } },
      el("th", { scope: "row" }, cluster, marks ? el("span", { class: "detail" }, `marked ${marks}`)
        : null),
      el("td", { data: { field: "now" } }, String(before)),
      el("td", { data: { field: "simulated" } }, String(after)),
      el("td", {}, after > before ? `+${after - before}` : after < before ? `${after - before}`
        : "no change"),
    );
  });
  const explanation = el("div", { id: "whatif-explanation" });
  renderExplanation(explanation, simulated);
  const marked = [...failed.map((c) => `${c} failed`), ...drained.map((c) => `${c} drained`)];
  outcome.replaceChildren(
    el("h4", {}, marked.length ? `If ${marked.join(", ")}` : "With every cluster as it is"),
    clusters.length
      ? el(
        "table",
        { class: "compare" },
        el("caption", {}, "Replicas per cluster: placed now and in the simulation"),
        el("thead", {}, el("tr", {}, ...["Cluster", "Placed now", "Simulated", "Change"]
          .map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, ...rows),
      )
      : note("Neither now nor in the simulation has any cluster replicas."),
    explanation,
  );
}
