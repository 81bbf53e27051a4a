// One week of a worker: hours and pay, where the month stands, every explanation line, the pay records.

import { facts, h, table } from "../common/dom.js";
import { count, euro, hours, longDate, moment, monthName, period, weekName } from "../common/format.js";
import { explanation } from "../common/lines.js";
import { workerHeader } from "./worker.js";

function slipsTable(slips) {
  const rows = slips.map((slip) => [
    [slip.agencyName, slip.version > 1 ? ` (versie ${slip.version})` : "", slip.current ? "" : " (vervangen)"].join(""),
    period(slip.periodStart, slip.periodEnd),
    longDate(slip.payDate),
    hours(slip.hours),
    euro(slip.grossWage),
    euro(slip.wageTax),
    euro(slip.employeePremiums),
    euro(slip.netWage),
  ]);
  const headers = ["Loonstrook", "Periode", "Betaald op", "Uren", "Bruto", "Loonheffing", "Premies", "Netto"];
  return table(headers, rows, { numeric: [3, 4, 5, 6, 7] });
}

export async function weekView(context, id, week) {
  const header = await workerHeader(context, id, "/weken");
  const detail = await context.call(`/v1/werkenden/${id}/weken/${week}`);
  const f = detail.figures;
  // The lines may name any agency the worker is enrolled with, not only those paying this week.
  const enrollments = await context.call(`/v1/werkenden/${id}/inschrijvingen`);
  const agencies = new Map(enrollments.map((e) => [e.agencyId, e.agencyName]));
  const labels = new Map(f.parameters.map((p) => [p.key, p.label]));
  return h(
    "section",
    { class: "week" },
    header,
    h("h2", {}, `${weekName(week)} (${monthName(f.month)})`),
    h("p", { class: "muted" }, `Versie ${detail.version}, berekend ${moment(detail.computedAt)}.`),
    f.missing.length
      ? h("p", { class: "note" }, `${count(f.missing.length, "periode", "perioden")} zonder loonstrook; er is niets geschat.`)
      : null,
    h(
      "div",
      { class: "columns" },
      h(
        "div",
        {},
        h("section", { class: "card" }, h("h2", {}, "Deze week"), facts([
          ["Uren", hours(f.hours)],
          ["Bruto", euro(f.gross)],
          ["Netto", euro(f.net)],
        ])),
        h("section", { class: "card" }, h("h2", {}, `Stand van ${monthName(f.month)}`), facts([
          ["Inkomen tot en met deze week", euro(f.monthIncome)],
          ["Bijstand als er niets meer bij komt", euro(f.bijstand)],
          ["Uitbetaling", euro(f.payout)],
          ["Voorschot", euro(f.advance)],
          ["Verwacht verschil", euro(f.expectedDifference)],
          ["Betaaldatum", longDate(f.payoutDate)],
          ["Nog te verdienen, netto", euro(f.remaining.net)],
        ])),
      ),
      h("div", {}, h("h2", { class: "first" }, "Zo is het berekend"), explanation(f.lines, { agencies, labels })),
    ),
    h("h2", {}, "Loonstroken van deze week"),
    detail.paySlips.length ? slipsTable(detail.paySlips) : h("p", { class: "muted" }, "Geen loonstroken."),
  );
}
