// The months: what was paid, what is still paid or was paid too much, and how it was worked out.

import { withoutOwnNumbers } from "../common/business.js";
import { h } from "../common/dom.js";
import { euro, isPositive, longDate, monthName } from "../common/format.js";
import { workerExplanation } from "./explain.js";
import { orNothing } from "./home.js";
import { incomeCard } from "./income.js";
import { bufferNote, finalSentences, forecastCard, holdCard } from "./leaving.js";
import { storyCard } from "./story.js";

// A proposal to the consultant is not a decision: the worker sees a bufferbudget use once it is decided.
const FOR_STAFF = new Set(["BUFFERBUDGET_VOORSTEL"]);

const MISSING = "Er ontbreekt nog een loonstrook. We schatten niets: de bedragen veranderen zodra die er is.";

export async function monthView({ call }, month) {
  const [view, buffer, story, slips] = await Promise.all([
    call(`/v1/mij/maanden/${month}`),
    orNothing(call("/v1/mij/bufferbudget")),
    orNothing(call(`/v1/mij/maanden/${month}/samenvatting`)),
    call("/v1/mij/loonstroken?pageSize=50"),
  ]);
  // The steps name an agency by its code; the worker reads its name, known from their pay slips.
  const agencies = new Map(slips.items.map((slip) => [slip.agencyId, slip.agencyName]));
  const s = view.settlement;
  const final = s.kind === "eindafrekening";
  return h(
    "section",
    { class: "month" },
    h("p", { class: "back" }, h("a", { href: "#/" }, "Overzicht")),
    h("h1", {}, final ? "Eindafrekening" : `Bijstand over ${monthName(month)}`),
    final ? null : holdCard(s.hold, month),
    final ? null : forecastCard(s.exitForecast, month),
    final || !story
      ? h("section", { class: "card this-month" }, finalSentences(s))
      : storyCard(story, bufferNote(buffer?.uses, month)),
    final ? null : incomeCard(view, agencies, slips.items),
    // A running month misses the rest of its pay slips by nature; the card already says it may change.
    s.missing.length && !story?.running ? h("p", { class: "note" }, MISSING) : null,
    h(
      "details",
      { class: "card" },
      h("summary", {}, "Hoe is dit berekend? Alle stappen"),
      workerExplanation(
        withoutOwnNumbers(s.lines.filter((line) => !FOR_STAFF.has(line.code))),
        agencies,
        slips.items,
      ),
    ),
  );
}

/** The final settlement in the list: what is still paid and when, or that nothing is. */
function finalLine(summary) {
  return isPositive(summary.toPay)
    ? h("span", {}, `U krijgt ${euro(summary.toPay)} op ${longDate(summary.payoutDate)}`)
    : h("span", {}, "Er wordt niets meer uitbetaald");
}

export async function monthsView({ call }) {
  const months = await call("/v1/mij/maanden?pageSize=24");
  return h(
    "section",
    {},
    h("p", { class: "back" }, h("a", { href: "#/" }, "Overzicht")),
    h("h1", {}, "Alle maanden"),
    h("ul", { class: "weeks" }, months.items.map((m) =>
      h("li", {}, h("a", { class: "week-card", href: `#/maanden/${m.month}` },
        h("span", { class: "week-name" }, m.kind === "eindafrekening" ? "Eindafrekening" : monthName(m.month)),
        m.kind === "eindafrekening" ? finalLine(m) : [
          h("span", {}, `Bijstand: ${euro(m.payout)}`),
          h("span", {}, `Betaaldatum: ${longDate(m.payoutDate)}`),
        ],
        m.running ? h("span", { class: "chip" }, "Maand loopt nog") : null,
        m.hold?.status === "vastgehouden"
          ? h("span", { class: "chip-warn" }, `Betaling wacht, uiterlijk ${longDate(m.hold.until)}`)
          : null,
      )),
    )),
  );
}
