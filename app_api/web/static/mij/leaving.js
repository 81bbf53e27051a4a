// Leaving the benefit, told to the worker in plain Dutch (B1): a payout that waits for the pay slips, the
// news that they earn enough to leave the benefit and what to do, the final settlement, and what the
// municipality paid from the bufferbudget. No codes, no ids: only amounts, dates and months.

import { h } from "../common/dom.js";
import { euro, isPositive, longDate, monthName } from "../common/format.js";

const MONTH_ONLY = (month) => monthName(month).replace(/ \d{4}$/, "");
const LATER = "Daarna krijgt u wat zeker is; komt er later nog een loonstrook, dan betalen we bij.";

/** The card about a held payout; null when nothing waits and nothing was held back. */
export function holdCard(hold, month) {
  if (!hold) return null;
  if (hold.status === "vastgehouden") {
    const why = {
      laatste_maand: "Dit is de laatste maand van uw bijstand. ",
      uitstroomsignaal: "U verdient deze maand misschien genoeg om geen bijstand nodig te hebben. ",
    }[hold.reason] ?? "";
    return h(
      "section",
      { class: "card hold", "aria-labelledby": "hold-title" },
      h("h2", { id: "hold-title" }, "Uw betaling wacht even"),
      h(
        "p",
        {},
        `Uw betaling over ${MONTH_ONLY(month)} wacht tot alle loonstroken binnen zijn, uiterlijk ` +
          `${longDate(hold.until).replace(/ \d{4}$/, "")}. ${LATER}`,
      ),
      h("p", { class: "muted" }, `${why}Zo voorkomen we dat u te veel krijgt en later geld moet terugbetalen.`),
    );
  }
  if (hold.status === "vrijgegeven_termijn") {
    return h(
      "section",
      { class: "card hold", "aria-labelledby": "hold-title" },
      h("h2", { id: "hold-title" }, "We betalen wat zeker is"),
      h(
        "p",
        {},
        `Op ${longDate(hold.until)} waren nog niet al uw loonstroken over ${MONTH_ONLY(month)} binnen. ` +
          "We betalen nu het bedrag dat zeker is. Komt de loonstrook later, dan betalen we bij.",
      ),
    );
  }
  return null;
}

/** The card that tells the worker they earn enough to leave the benefit, and what to do now. */
export function forecastCard(forecast, month) {
  if (!forecast) return null;
  let figures;
  if (forecast.basis === "bereikt") {
    figures = `In ${monthName(month)} verdiende u ${euro(forecast.incomeSoFar)}.`;
  } else if (forecast.basis === "twee_maanden") {
    figures = "U verdiende de vorige twee maanden al genoeg.";
  } else {
    figures =
      `In ${monthName(month)} verdiende u tot nu toe ${euro(forecast.incomeSoFar)}. Werkt u zo door, ` +
      `dan wordt dat ongeveer ${euro(forecast.projected)}.`;
  }
  return h(
    "section",
    { class: "card forecast", "aria-labelledby": "forecast-title" },
    h("h2", { id: "forecast-title" }, "U verdient genoeg om uit de bijstand te gaan"),
    h(
      "p",
      {},
      `${figures} Vanaf ${euro(forecast.exitIncome)} per maand heeft u geen bijstand meer nodig.`,
    ),
    h("p", {}, "U hoeft niets terug te betalen als u dit doet:"),
    h(
      "ul",
      { class: "todo" },
      h("li", {}, "Vertel uw consulent dat u (meer) werk heeft. Heeft u een nieuwe baan? Zeg het meteen."),
      h("li", {}, "Zorg dat al uw loonstroken bij ons komen, ook van een ander bureau of een andere baas."),
    ),
    h(
      "p",
      {},
      "Kreeg u te veel bijstand? Dan houden we dat in op wat u nog van ons krijgt. Stopt uw bijstand, dan " +
        "krijgt u bij de eindafrekening ook het vakantiegeld dat we voor u hebben gespaard.",
    ),
  );
}

/** The final settlement after the benefit ended: what is paid and when, or what was left open. */
export function finalSentences(settlement) {
  const s = settlement;
  const lines = [];
  if (s.end) lines.push(h("p", {}, `Uw bijstand is gestopt. De laatste dag was ${longDate(s.end.endDate)}.`));
  const saved = isPositive(s.holidayAllowancePaidOut);
  if (saved) {
    const allowance = euro(s.holidayAllowancePaidOut);
    lines.push(h("p", {}, `We spaarden ${allowance} vakantiegeld voor u. Dat krijgt u bij de eindafrekening.`));
  }
  if (isPositive(s.advance)) {
    const also = saved ? " Dat verrekenen we met het vakantiegeld." : "";
    lines.push(
      h("p", {}, `U kreeg daarna nog ${euro(s.advance)} voorschot. Daar had u geen recht meer op.${also}`),
    );
  }
  if (isPositive(s.offset)) {
    lines.push(h("p", {}, `We houden ${euro(s.offset)} in, omdat u eerder te veel kreeg.`));
  }
  if (isPositive(s.bufferUsed)) {
    lines.push(h("p", { class: "success" }, bufferSentence("kwijtschelding", s.bufferUsed)));
  }
  if (isPositive(s.toPay)) {
    lines.push(h("p", { class: "amount" }, euro(s.toPay)));
    lines.push(h("p", { class: "success" }, `Op ${longDate(s.payoutDate)} krijgt u ${euro(s.toPay)}.`));
  } else {
    lines.push(h("p", {}, "U krijgt niets meer uitbetaald."));
  }
  if (isPositive(s.notOffset)) {
    lines.push(
      h(
        "p",
        { class: "note" },
        `Er blijft ${euro(s.notOffset)} over die u te veel kreeg. U hoeft nu niets te doen. De gemeente ` +
          "beslist hierover en uw consulent laat het u weten.",
      ),
    );
  }
  return lines;
}

function bufferSentence(kind, amount) {
  return kind === "aanvulling"
    ? `We hielden te veel in op uw bijstand. De gemeente betaalt ${euro(amount)} extra uit het bufferbudget.`
    : `De gemeente betaalt ${euro(amount)} uit het bufferbudget, zodat u dit niet hoeft terug te betalen.`;
}

/** The bufferbudget uses of one month, as sentences (none: null). */
export function bufferNote(uses, month) {
  const own = (uses ?? []).filter((use) => use.month === month);
  return own.length ? own.map((use) => h("p", { class: "success" }, bufferSentence(use.kind, use.amount))) : null;
}

/** What the municipality paid from the bufferbudget in other months than those `shown` in their own card. */
export function bufferCard(uses, shown) {
  const listed = (uses ?? []).filter((use) => !shown.has(use.month));
  if (!listed.length) return null;
  return h(
    "section",
    { class: "card buffer", "aria-labelledby": "buffer-title" },
    h("h2", { id: "buffer-title" }, "Bufferbudget"),
    h(
      "ul",
      { class: "buffer-uses" },
      listed.map((use) =>
        h("li", {}, h("strong", {}, `${monthName(use.month)}: `), bufferSentence(use.kind, use.amount)),
      ),
    ),
  );
}
