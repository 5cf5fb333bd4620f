// Small builders for the workload page's elements and tables: text only (never HTML), so that
// nothing an object holds is ever read as markup.

export const UNSET = "—";

/** An element with attributes (`dataset` entries under `data`) and children (strings become text). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) {
      continue;
    }
    if (name === "data") {
      Object.assign(element.dataset, value);
    } else if (name in element && typeof value !== "string") {
      element[name] = value;
    } else {
      element.setAttribute(name, value);
    }
  }
  element.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return element;
}

/**
 * A table with a caption and column headers; each row is { cells, data }, where the first cell is
 * the row's header and a cell is a value or { text, field, data, title }.
 */
export function table(caption, headers, rows, attributes = {}) {
  const head = el("thead", {}, el("tr", {}, ...headers.map((h) => header(h))));
  const body = el("tbody");
  for (const row of rows) {
    const tr = el("tr", { data: row.data ?? {} });
    row.cells.forEach((value, index) => {
      const cell = typeof value === "object" && value !== null ? value : { text: value };
      const tag = index === 0 ? "th" : "td";
      const element = el(tag, {
        scope: index === 0 ? "row" : null,
        title: cell.title ?? null,
        data: { ...(cell.field ? { field: cell.field } : {}), ...(cell.data ?? {}) },
      });
      element.textContent = cell.text === undefined || cell.text === null || cell.text === ""
        ? UNSET : String(cell.text);
      if (cell.detail) {
        element.append(el("span", { class: "detail" }, cell.detail));
      }
      tr.append(element);
    });
    body.append(tr);
  }
  return el("table", attributes, el("caption", {}, caption), head, body);
}

function header(h) {
  const spec = typeof h === "object" ? h : { text: h };
  return el("th", { scope: "col", title: spec.title ?? null }, spec.text);
}

/** A timestamp in the reader's locale, or as given when it is not one. */
export function when(timestamp) {
  if (!timestamp) {
    return UNSET;
  }
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? timestamp : date.toLocaleString();
}

/** A paragraph saying that a part has nothing to show, or could not be read. */
export function note(text, attributes = {}) {
  return el("p", { class: "note", ...attributes }, text);
}
