// The worker's pay records: the list, and one record with every amount on it.

import { facts, h } from "../common/dom.js";
import { euro, hours, longDate, period } from "../common/format.js";

/** A pay record as a card (used on the week screen too). */
export function slipCard(slip, { link = true } = {}) {
  const title = `${slip.agencyName}: ${period(slip.periodStart, slip.periodEnd)}`;
  return h(
    "article",
    { class: "card slip" },
    h("h3", {}, link ? h("a", { href: `#/loonstroken/${slip.id}` }, title) : title),
    slip.current ? null : h("p", { class: "note" }, "Deze loonstrook is later verbeterd. De nieuwe telt."),
    facts([
      ["Uren", hours(slip.hours)],
      ["Bruto loon", euro(slip.grossWage)],
      ["Loonheffing", euro(slip.wageTax)],
      ["Premies", euro(slip.employeePremiums)],
      ["Netto loon", euro(slip.netWage)],
      ["Vakantiegeld uitbetaald", euro(slip.holidayPayPaid)],
      ["Betaald op", longDate(slip.payDate)],
    ]),
  );
}

export async function payslipsView({ call }) {
  const slips = await call("/v1/mij/loonstroken?pageSize=50");
  return h(
    "section",
    {},
    h("p", { class: "back" }, h("a", { href: "#/" }, "Overzicht")),
    h("h1", {}, "Mijn loonstroken"),
    h("p", {}, "Deze loonstroken stuurde uw uitzendbureau. Klopt er iets niet? Bel dan uw uitzendbureau."),
    slips.items.length
      ? slips.items.map((slip) => slipCard(slip))
      : h("p", { class: "card" }, "Nog geen loonstroken."),
  );
}

export async function payslipView({ call }, id) {
  const slip = await call(`/v1/mij/loonstroken/${id}`);
  return h(
    "section",
    {},
    h("p", { class: "back" }, h("a", { href: "#/loonstroken" }, "Mijn loonstroken")),
    h("h1", {}, "Loonstrook"),
    slip.version > 1 ? h("p", { class: "muted" }, "Dit is een verbeterde loonstrook.") : null,
    slipCard(slip, { link: false }),
  );
}
