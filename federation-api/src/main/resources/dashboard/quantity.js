// Kubernetes quantities ("500m", "64", "256Gi", "1.5G") as plain numbers.

const SUFFIXES = {
  n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The number a quantity stands for, or null when there is none or it cannot be read. */
export function quantity(text) {
  if (text === undefined || text === null || text === "") {
    return null;
  }
  const match = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)([a-zA-Z]*)$/.exec(String(text).trim());
  if (!match || !(match[2] in SUFFIXES)) {
    return null;
  }
  return Number(match[1]) * SUFFIXES[match[2]];
}
