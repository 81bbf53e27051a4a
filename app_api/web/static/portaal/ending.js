// The parts of a month's settlement about leaving the benefit, in plain Dutch for the consultant: the held
// payout, the exit forecast with its figures and weeks, the end of the case, and the final settlement.

import { facts, h } from "../common/dom.js";
import { euro, isPositive, isZero, longDate, monthName, weekName } from "../common/format.js";
import { BUFFER_KINDS, END_REASONS } from "./labels.js";

const HOLD_WHY = {
  uitstroomsignaal: "het inkomen deze maand op of boven het uitstroominkomen komt (uitstroomsignaal)",
  laatste_maand: "dit de laatste maand van de bijstand is",
};

function unlessZero(amount) {
  return amount === null || amount === undefined || isZero(amount) ? null : euro(amount);
}

/** The held payout: why, until when, and where it stands. */
export function holdCard(hold, month) {
  const why = HOLD_WHY[hold.reason] ?? hold.reason;
  const until = longDate(hold.until);
  let title;
  let status;
  if (hold.status === "vastgehouden") {
    title = "Betaling wacht op loonstroken";
    status =
      `De betaling over ${monthName(month)} wacht omdat ${why}. Ze gaat door zodra alle loonstroken van ` +
      `de maand binnen zijn, uiterlijk op ${until}. Goedkeuren kan pas daarna.`;
  } else if (hold.status === "vrijgegeven_compleet") {
    title = "Betaling vrijgegeven";
    status = `De betaling wachtte omdat ${why}. Alle loonstroken zijn binnen; de betaling gaat door.`;
  } else {
    title = "Betaling vrijgegeven na de termijn";
    status =
      `De betaling wachtte omdat ${why}. Op ${until} ontbraken nog loonstroken. Alleen het zekere bedrag ` +
      "wordt betaald; de ontbrekende werkdagen zijn meegeteld tegen het recente nettoloon. Komt de " +
      "loonstrook later, dan volgt een nabetaling.";
  }
  return h(
    "section",
    { class: `card hold hold-${hold.status}`, "aria-labelledby": "hold-title" },
    h("h2", { id: "hold-title" }, title),
    h("p", {}, status),
    facts([
      ["Uiterlijk tot", until],
      ["Meegeteld voor ontbrekende loonstroken", unlessZero(hold.estimatedMissing)],
    ]),
  );
}

const BASIS = {
  prognose: (f, month) =>
    `In ${monthName(month)} is tot nu toe ${euro(f.incomeSoFar)} verdiend. In het tempo van de laatste ` +
    `weken (${euro(f.weeklyNet)} per week) wordt dat ${euro(f.projected)}: meer dan het uitstroominkomen ` +
    `van ${euro(f.exitIncome)}.`,
  bereikt: (f, month) =>
    `In ${monthName(month)} is ${euro(f.incomeSoFar)} verdiend: dat is het uitstroominkomen van ` +
    `${euro(f.exitIncome)} of meer. Er is geen bijstand meer nodig.`,
  twee_maanden: (f, month) =>
    `Het inkomen kwam de twee maanden voor ${monthName(month)} op of boven het uitstroominkomen. Deze ` +
    `maand is tot nu toe ${euro(f.incomeSoFar)} verdiend (uitstroominkomen ${euro(f.exitIncome)}).`,
};

/** The exit forecast: what it rests on, in figures and weeks, and what to do. */
export function forecastCard(forecast, month) {
  const sentence = (BASIS[forecast.basis] ?? BASIS.prognose)(forecast, month);
  return h(
    "section",
    { class: "card forecast", "aria-labelledby": "forecast-title" },
    h("h2", { id: "forecast-title" }, "Uitstroomsignaal"),
    h("p", {}, sentence),
    facts([
      ["Uitstroominkomen (netto per maand)", euro(forecast.exitIncome)],
      ["Verdiend tot nu toe", euro(forecast.incomeSoFar)],
      ["Recent per week", forecast.weeklyNet === null ? null : euro(forecast.weeklyNet)],
      ["Verwacht over de maand", euro(forecast.projected)],
    ]),
    h("p", { class: "muted" }, "Op grond van de loonstroken van:"),
    h("ul", { class: "forecast-weeks" }, forecast.weeks.map((week) => h("li", {}, weekName(week)))),
    h(
      "p",
      { class: "muted" },
      "Bespreek met de werkende of er werk is dat blijft. Eindig de bijstand pas als dat zo is; de " +
        "eindafrekening betaalt dan de gespaarde vakantietoeslag uit.",
    ),
  );
}

/** A note on the month in which the case ends (the norm pro rata). */
export function endNote(s) {
  if (!s.end || s.kind === "eindafrekening") return null;
  const reason = END_REASONS[s.end.reason] ?? s.end.reason;
  const days = s.proRata ? ` De norm geldt voor ${s.proRata.days} van de ${s.proRata.ofDays} dagen.` : "";
  return h(
    "p",
    { class: "note" },
    `De bijstand eindigt op ${longDate(s.end.endDate)} (${reason}); dit is de laatste maand.${days}`,
  );
}

/** Loonbrug's proposal to use the bufferbudget for this month, with the way to decide on it. */
export function proposalNote(s, id) {
  const p = s.bufferProposal;
  if (!p) return null;
  return h(
    "p",
    { class: "note proposal-note" },
    `Voorstel van Loonbrug: ${euro(p.amount)} uit het bufferbudget. ${BUFFER_KINDS[p.kind] ?? p.kind}. ` +
      `Er zit dit jaar nog ${euro(p.yearLeft)} in het bufferbudget. `,
    h("a", { href: `#/werkenden/${id}/bufferbudget` }, "Besluit vastleggen bij Bufferbudget"),
  );
}

/** The outcome of a final settlement: what is paid out, set off, paid and left. */
export function finalOutcome(s) {
  return facts([
    ["Einde bijstand", longDate(s.end?.endDate)],
    ["Vakantietoeslag uitbetaald", euro(s.holidayAllowancePaidOut ?? "0.00")],
    ["Voorschot na het einde", unlessZero(s.advance)],
    ["Correcties", unlessZero(s.correctionsTotal)],
    ["Verschil", s.difference === null ? null : euro(s.difference)],
    ["Verrekend met eerder te veel betaald", euro(s.offset ?? "0.00")],
    ["Uit het bufferbudget", unlessZero(s.bufferUsed)],
    ["Te betalen", euro(s.toPay ?? "0.00")],
    ["Niet verrekend", euro(s.notOffset ?? "0.00")],
    ["Betaaldatum", longDate(s.payoutDate)],
  ]);
}

/** One sentence on a final settlement for the workflow page. */
export function finalSummary(s) {
  const parts = [];
  if (isPositive(s.toPay)) parts.push(`Er wordt nog ${euro(s.toPay)} betaald op ${longDate(s.payoutDate)}.`);
  if (isPositive(s.notOffset)) {
    parts.push(
      `${euro(s.notOffset)} kon niet worden verrekend. Loonbrug maakt geen terugvordering: de gemeente ` +
        "beslist (bufferbudget of een besluit tot terugvordering).",
    );
  }
  if (!parts.length) parts.push("Er staat niets meer open.");
  return h("p", { class: isPositive(s.notOffset) ? "note" : "success" }, parts.join(" "));
}
