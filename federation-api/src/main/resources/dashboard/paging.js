// What the Fleet and Workloads pages share to stay fast with thousands of objects: redraws at most
// once an animation frame, a page of rows at a time (never thousands of rows in the document), the
// paging controls, and the filter form (a name search over what is loaded, a label selector the API
// applies).

export const ROWS_PER_PAGE = 50;

/** A draw function that runs at most once a frame however often it is asked for, with the latest state. */
export function perFrame(draw) {
  let pending = false;
  return () => {
    if (!pending) {
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        draw();
      });
    }
  };
}

/** Items whose name contains the search text, ignoring case; all of them for an empty search. */
export function named(items, search, nameOf) {
  const text = search.trim().toLowerCase();
  return text ? items.filter((item) => nameOf(item).toLowerCase().includes(text)) : items;
}

/**
 * First / Previous / Next / Last buttons and where the page stands, built once and updated in place
 * so that a redraw never takes the keyboard focus away from the button just pressed.
 */
export class Pager {
  constructor(nav, noun, onPage) {
    this.noun = noun;
    this.page = 0;
    this.pages = 1;
    const button = (label, text, target) => {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = text;
      b.setAttribute("aria-label", label);
      b.dataset.page = label.split(" ")[0].toLowerCase();
      b.addEventListener("click", () => onPage(target()));
      return b;
    };
    this.first = button("First page", "«", () => 0);
    this.previous = button("Previous page", "‹ Previous", () => this.page - 1);
    this.status = document.createElement("span");
    this.status.className = "pager-status";
    this.status.setAttribute("aria-live", "polite");
    this.next = button("Next page", "Next ›", () => this.page + 1);
    this.last = button("Last page", "»", () => this.pages - 1);
    nav.replaceChildren(this.first, this.previous, this.status, this.next, this.last);
  }

  /** Shows page `page` (from 0) of `count` items and returns it, kept within the pages there are. */
  show(page, count) {
    this.pages = Math.max(1, Math.ceil(count / ROWS_PER_PAGE));
    this.page = Math.min(Math.max(page, 0), this.pages - 1);
    const from = count === 0 ? 0 : this.page * ROWS_PER_PAGE + 1;
    const to = Math.min(count, (this.page + 1) * ROWS_PER_PAGE);
    this.status.textContent =
      `Page ${this.page + 1} of ${this.pages} · ${from}–${to} of ${count.toLocaleString("en")} ${this.noun}`;
    this.first.disabled = this.previous.disabled = this.page === 0;
    this.next.disabled = this.last.disabled = this.page >= this.pages - 1;
    return this.page;
  }
}

/** The rows of page `page` (from 0). */
export function pageOf(items, page) {
  return items.slice(page * ROWS_PER_PAGE, (page + 1) * ROWS_PER_PAGE);
}

/**
 * Wires a filter form until `signal` aborts: the search applies as the user types; the label
 * selector when the form is submitted and only if it changed, since it lists and watches anew.
 * showRefusal(message) puts the API's words about a refused selector next to the field and marks it
 * invalid; null clears them.
 */
function filterForm({ form, search, labels, error, signal, onSearch, onLabels }) {
  let applied = labels.value.trim();
  search.addEventListener("input", () => onSearch(search.value), { signal });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const selector = labels.value.trim();
    if (selector !== applied) {
      applied = selector;
      onLabels(selector);
    }
  }, { signal });
  return {
    selector: () => applied,
    showRefusal(message) {
      error.textContent = message ?? "";
      if (message) {
        labels.setAttribute("aria-invalid", "true");
      } else {
        labels.removeAttribute("aria-invalid");
      }
    },
  };
}

/**
 * The paging controls and filter form of a list whose elements' ids start with `list` ("fleet",
 * "workloads"), with the page and search they hold: back to the first page when the search or the
 * label selector changes; draw() after a change of page or search, relist() after one of selector.
 */
export function listControls(list, noun, signal, { draw, relist }) {
  const byId = (suffix) => document.getElementById(`${list}-${suffix}`);
  const controls = { page: 0, search: byId("search").value };
  controls.pager = new Pager(byId("pager"), noun, (to) => {
    controls.page = to;
    draw();
  });
  controls.filter = filterForm({
    form: byId("filter"),
    search: byId("search"),
    labels: byId("labels"),
    error: byId("labels-error"),
    signal,
    onSearch: (text) => {
      controls.search = text;
      controls.page = 0;
      draw();
    },
    onLabels: () => {
      controls.page = 0;
      relist();
    },
  });
  return controls;
}

/** Compares names as the API orders them (code points), faster than a locale's collation. */
export function byText(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
