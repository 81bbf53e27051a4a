// The caseload: the consultant's workers (a team lead: the whole municipality) with open signals.

import { h, table } from "../common/dom.js";
import { SIGNALS } from "./labels.js";

function signalSummary(signals) {
  if (!signals.length) return h("span", { class: "muted" }, "Geen");
  const counts = new Map();
  for (const signal of signals) counts.set(signal.kind, (counts.get(signal.kind) ?? 0) + 1);
  return h(
    "ul",
    { class: "chips" },
    [...counts].map(([kind, count]) =>
      h("li", { class: "chip chip-warn" }, `${SIGNALS[kind] ?? kind}${count > 1 ? ` (${count})` : ""}`),
    ),
  );
}

export async function caseloadView({ call }, page = 1) {
  const answer = await call(`/v1/caseload?page=${page}&pageSize=50`);
  const rows = answer.items.map((entry) => [
    h("a", { href: `#/werkenden/${entry.workerId}` }, entry.name),
    signalSummary(entry.openSignals),
  ]);
  const withSignals = answer.items.filter((entry) => entry.openSignals.length).length;
  const next = async (event) => {
    event.target.closest("section").replaceWith(await caseloadView({ call }, answer.nextPage));
  };
  const more = answer.nextPage
    ? h("button", { class: "secondary", type: "button", onclick: next }, "Volgende pagina")
    : null;
  return h(
    "section",
    { class: "caseload" },
    h("h1", {}, "Caseload"),
    h("p", { class: "page-links" }, h("a", { href: "#/exporten" }, "Exporteren naar het uitkeringssysteem")),
    h("p", { class: "muted" }, `${answer.items.length} werkenden hier, ${withSignals} met signalen.`),
    answer.items.length
      ? table(["Werkende", "Openstaande signalen"], rows)
      : h("p", { class: "notice" }, "Er staan nog geen werkenden op uw caseload."),
    more,
  );
}
