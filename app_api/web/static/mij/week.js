// One week: what the worker earned, what the benefit adds this month, and the pay records.

import { facts, h } from "../common/dom.js";
import { euro, hours, isPositive, isZero, longDate, monthName, weekDays, weekName } from "../common/format.js";
import { workerExplanation } from "./explain.js";
import { slipCard } from "./payslips.js";

const RUNNING = "Deze week loopt nog. Wat u nog verdient, ziet u zodra de loonstrook er is.";
const NOT_YET = "De loonstrook van deze week is er nog niet. Dat is nog niet te laat. We schatten niets.";
const MISSING =
  "Van deze week ontbreekt een loonstrook. We schatten niets. Vraag uw uitzendbureau de loonstrook te sturen.";

function state(detail) {
  if (detail.running) return h("p", { class: "muted" }, RUNNING);
  if (detail.missingLate) return h("p", { class: "note" }, MISSING);
  if (detail.figures.missing.length) return h("p", { class: "muted" }, NOT_YET);
  return null;
}

export async function weekView({ call }, week) {
  const [detail, slips] = await Promise.all([
    call(`/v1/mij/weken/${week}`),
    call("/v1/mij/loonstroken?pageSize=50"),
  ]);
  const f = detail.figures;
  // The steps name an agency by its code (also one that sent nothing this week): show its name.
  const agencies = new Map(
    [...slips.items, ...detail.paySlips].map((slip) => [slip.agencyId, slip.agencyName]),
  );
  const month = monthName(f.month);
  const { start, end } = weekDays(week);
  const inWeek = (slip) => slip.periodStart <= end && slip.periodEnd >= start;
  const thisWeek = detail.paySlips.filter(inWeek);
  const earlier = detail.paySlips.filter((slip) => !inWeek(slip));
  const difference = isPositive(f.expectedDifference)
    ? `U kreeg al ${euro(f.advance)} voorschot. Op ${longDate(f.payoutDate)} krijgt u dan nog ` +
      `${euro(f.expectedDifference)} bij.`
    : isZero(f.expectedDifference)
      ? `U kreeg al ${euro(f.advance)} voorschot: precies dit bedrag. U krijgt dan niets meer bij.`
      : `U kreeg al ${euro(f.advance)} voorschot: ${euro(f.expectedDifference.replace(/^-/, ""))} meer ` +
        "dan deze bijstand. Dat houden we later in op uw bijstand; u hoeft zelf niets terug te betalen.";
  return h(
    "section",
    { class: "week" },
    h("p", { class: "back" }, h("a", { href: "#/" }, "Overzicht")),
    h("h1", {}, weekName(week).replace(/^week/, "Week")),
    h("section", { class: "card" }, h("h2", {}, "Wat u verdiende"), facts([
      ["Uren", hours(f.hours)],
      ["Bruto", euro(f.gross)],
      ["Netto", euro(f.net)],
    ])),
    state(detail),
    h("section", { class: "card" },
      h("h2", {}, `Uw bijstand over ${month}`),
      h("p", {}, `Tot en met deze week verdiende u in ${month} ${euro(f.monthIncome)} netto.`),
      h("p", {}, `Verdient u deze maand niets meer? Dan krijgt u ${euro(f.payout)} bijstand over ${month}.`),
      h("p", {}, difference),
      h("p", {}, `Nog te verdienen om deze maand geen bijstand nodig te hebben: ${euro(f.remaining.net)}.`),
    ),
    h("h2", {}, "Loonstrook van deze week"),
    thisWeek.length
      ? thisWeek.map((slip) => slipCard(slip))
      : h("p", { class: "card" }, "Geen loonstrook voor deze week."),
    earlier.length ? h("h2", {}, `Ook meegeteld in ${month}`) : null,
    earlier.map((slip) => slipCard(slip)),
    h(
      "details",
      { class: "card" },
      h("summary", {}, "Hoe is dit berekend?"),
      workerExplanation(f.lines, agencies, [...slips.items, ...detail.paySlips]),
    ),
  );
}
