// The team lead's queue of months to review ("te beoordelen"): every proposed month of the municipality,
// longest waiting first, with the figures to check and who proposed it. Under four eyes a month the team
// lead proposed is listed but not offered for approval.

import { h, table } from "../common/dom.js";
import { count, euro, moment, monthName } from "../common/format.js";

function action(item) {
  const link = `#/werkenden/${item.workerId}/maanden/${item.month}`;
  if (item.mayApprove) return h("a", { href: link }, "Beoordelen");
  return h("span", { class: "muted" }, "U stelde deze maand voor; een andere teamleider keurt goed.");
}

export async function reviewView(context, page = 1) {
  const answer = await context.call(`/v1/te-beoordelen?page=${page}&pageSize=50`);
  const rows = answer.items.map((item) => [
    h("a", { href: `#/werkenden/${item.workerId}` }, item.name),
    h("a", { href: `#/werkenden/${item.workerId}/maanden/${item.month}` }, monthName(item.month)),
    euro(item.payout),
    item.difference === null ? "–" : euro(item.difference),
    item.proposedByName,
    item.proposedAt ? moment(item.proposedAt) : "–",
    action(item),
  ]);
  const next = async (event) => {
    event.target.closest("section").replaceWith(await reviewView(context, answer.nextPage));
  };
  return h(
    "section",
    { class: "review" },
    h("p", { class: "crumbs" }, h("a", { href: "#/" }, "Caseload")),
    h("h1", {}, "Te beoordelen"),
    h(
      "p",
      { class: "muted" },
      answer.items.length
        ? `${count(answer.items.length, "maand wacht", "maanden wachten")} op uw goedkeuring, de oudste eerst.`
        : "Er wachten geen maanden op goedkeuring.",
    ),
    rows.length
      ? table(["Werkende", "Maand", "Uitbetaling", "Verschil met voorschot", "Voorgesteld door", "Wanneer", "Actie"], rows, {
          numeric: [2, 3],
        })
      : null,
    answer.nextPage ? h("button", { class: "secondary", type: "button", onclick: next }, "Volgende pagina") : null,
  );
}
