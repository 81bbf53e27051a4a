// Correcting an invoice or cost already sent, shared by the worker's page and the portal: what replaced
// a document, said in plain words, and the "Corrigeren" button that opens its correction form in a slot
// of the page (one correction at a time).

import { h } from "./dom.js";
import { euro, longDate } from "./format.js";
import { OWN_COST } from "./business.js";

/** "factuur 2026-013" or, for a cost, its own kenmerk; a number the page made up is described instead. */
export function replacement(item, items) {
  if (!item.correctedBy) return null;
  if (item.invoice) return `factuur ${item.correctedBy}`;
  if (!item.correctedBy.startsWith(OWN_COST)) return `kostenpost ${item.correctedBy}`;
  const next = items.find((other) => other.cost.costId === item.correctedBy)?.cost;
  return next ? `de kosten van ${euro(next.amountExclVat)} op ${longDate(next.costDate)}` : "een correctie";
}

/**
 * A "Corrigeren" button for a document not corrected yet (null otherwise). Pressing it shows
 * `makeForm(close)` in `slot`, replacing a correction form already open; `close` empties the slot and
 * gives the focus back to the button.
 */
export function correctButton({ item, label, slot, makeForm }) {
  if (item.correctedBy) return null;
  const button = h("button", { type: "button", class: "correct", "aria-label": label }, "Corrigeren");
  const close = () => {
    slot.replaceChildren();
    button.focus();
  };
  button.addEventListener("click", () => {
    const form = makeForm(close);
    slot.replaceChildren(form);
    form.scrollIntoView({ block: "start" });
    form.querySelector("h2")?.focus();
  });
  return button;
}
