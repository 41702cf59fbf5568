// Hash navigation helper (kept apart from main.ts to avoid import cycles).
let rerender: () => void = () => {};

export function setRerender(fn: () => void): void {
  rerender = fn;
}

/** Go to a hash route; re-render if it is already the current one. */
export function navigate(hash: string): void {
  if (location.hash === hash) rerender();
  else location.hash = hash;
}
