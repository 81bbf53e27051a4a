// The caseload as a work queue: per worker the newest month (status, earned so far), open signals and what
// needs doing, with a search on name and filters. A team lead also finds the months to review.
// The search and filters work on the page shown: the API gives the caseload a page at a time.

import { h, table } from "../common/dom.js";
import { count, euro, monthName } from "../common/format.js";
import { SIGNALS, statusBadge } from "./labels.js";

const FILTERS = [
  ["alle", "Iedereen"],
  ["te_doen", "Met iets te doen"],
  ["signalen", "Met signalen"],
  ["concept", "Maand in concept"],
  ["voorgesteld", "Maand voorgesteld"],
];

function signalSummary(signals) {
  if (!signals.length) return h("span", { class: "muted" }, "Geen");
  const counts = new Map();
  for (const signal of signals) counts.set(signal.kind, (counts.get(signal.kind) ?? 0) + 1);
  return h(
    "ul",
    { class: "chips" },
    [...counts].map(([kind, number]) =>
      h("li", { class: "chip chip-warn" }, `${SIGNALS[kind] ?? "Signaal"}${number > 1 ? ` (${number})` : ""}`),
    ),
  );
}

/** One thing to do as a link to where it is done. */
function task(entry, item) {
  const file = `#/werkenden/${entry.workerId}`;
  switch (item.action) {
    case "voorstellen":
      return h("a", { href: `${file}/maanden/${item.month}` }, `${monthName(item.month)} voorstellen`);
    case "goedkeuren":
      return h("a", { href: `${file}/maanden/${item.month}` }, `${monthName(item.month)} beoordelen`);
    case "loonstrook_opvragen":
      return h("a", { href: file }, `${count(item.count, "loonstrook", "loonstroken")} opvragen`);
    default:
      return h("a", { href: file }, `${count(item.count, "signaal", "signalen")} bekijken`);
  }
}

function tasks(entry) {
  if (!entry.toDo.length) return h("span", { class: "muted" }, "Niets");
  return h("ul", { class: "tasks" }, entry.toDo.map((item) => h("li", {}, task(entry, item))));
}

function monthCell(month) {
  if (!month) return h("span", { class: "muted" }, "Nog niet berekend");
  return h(
    "span",
    {},
    `${monthName(month.month)} `,
    statusBadge(month.status),
    month.running ? h("span", { class: "chip" }, "maand loopt nog") : null,
    !month.running && !month.complete ? h("span", { class: "chip chip-warn" }, "nog niet compleet") : null,
  );
}

function matches(entry, filter, words) {
  if (words && !entry.name.toLowerCase().includes(words)) return false;
  if (filter === "te_doen") return entry.toDo.length > 0;
  if (filter === "signalen") return entry.openSignals.length > 0;
  if (filter === "concept" || filter === "voorgesteld") return entry.month?.status === filter;
  return true;
}

function rowsOf(entries) {
  return entries.map((entry) => [
    h("a", { href: `#/werkenden/${entry.workerId}` }, entry.name),
    monthCell(entry.month),
    entry.month ? euro(entry.month.income) : "–",
    signalSummary(entry.openSignals),
    tasks(entry),
  ]);
}

const NO_MATCH = "Niemand past bij de zoekopdracht.";
const EMPTY = "Er staan nog geen werkenden op uw caseload.";
const HEADERS = ["Werkende", "Maand", "Verdiend tot nu toe", "Openstaande signalen", "Te doen"];

export async function caseloadView(context, page = 1) {
  const answer = await context.call(`/v1/caseload?page=${page}&pageSize=50`);
  const search = h("input", { id: "zoek", type: "search", autocomplete: "off" });
  const filter = h("select", { id: "filter" }, FILTERS.map(([value, label]) => h("option", { value }, label)));
  const result = h("div", { class: "caseload-result" });
  const counted = h("p", { class: "muted", role: "status" });
  const draw = () => {
    const words = search.value.trim().toLowerCase();
    const shown = answer.items.filter((entry) => matches(entry, filter.value, words));
    const busy = answer.items.filter((entry) => entry.toDo.length).length;
    counted.textContent =
      `${count(answer.items.length, "werkende", "werkenden")} hier, ${busy} met iets te doen` +
      (shown.length === answer.items.length ? "." : `; ${shown.length} getoond.`);
    result.replaceChildren(
      shown.length
        ? table(HEADERS, rowsOf(shown), { numeric: [2] })
        : h("p", { class: "notice" }, answer.items.length ? NO_MATCH : EMPTY),
    );
  };
  search.addEventListener("input", draw);
  filter.addEventListener("change", draw);
  draw();
  const next = async (event) => {
    event.target.closest("section").replaceWith(await caseloadView(context, answer.nextPage));
  };
  const teamLead = context.session.roles.includes("team_lead");
  return h(
    "section",
    { class: "caseload" },
    h("h1", {}, "Caseload"),
    h(
      "p",
      { class: "page-links" },
      teamLead ? [h("a", { href: "#/te-beoordelen" }, "Te beoordelen"), " · "] : null,
      h("a", { href: "#/exporten" }, "Exporteren naar het uitkeringssysteem"),
    ),
    h(
      "div",
      { class: "filters", role: "search" },
      h("div", { class: "field" }, h("label", { for: "zoek" }, "Zoek op naam"), search),
      h("div", { class: "field" }, h("label", { for: "filter" }, "Toon"), filter),
    ),
    counted,
    result,
    answer.nextPage ? h("button", { class: "secondary", type: "button", onclick: next }, "Volgende pagina") : null,
  );
}
