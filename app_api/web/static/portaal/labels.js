// Dutch names for the codes the API uses.

import { h } from "../common/dom.js";
import { longDate, monthName, period, weekDays } from "../common/format.js";

export const SIGNALS = {
  missing_period: "Loonstrook ontbreekt",
  anomaly_gap: "Gat tussen loonstroken",
  anomaly_duplicate_period: "Dubbele periode",
  anomaly_shared_pay_date: "Twee perioden op één betaaldatum",
  anomaly_ytd_jump: "Cumulatief klopt niet",
  figures_changed_after_approval: "Cijfers gewijzigd na goedkeuring",
  disregard_ending: "Vrijlating loopt af",
  flextensie_end_near: "Plaatsing loopt bijna af",
  flextensie_premium_cap_near: "Premie bijna op maximum",
  exit_forecast: "Uitstroomsignaal",
  payout_held: "Betaling wacht op loonstroken",
  bufferbudget_proposal: "Voorstel bufferbudget",
};

export const END_REASONS = {
  werk: "werk",
  verhuizing: "verhuizing",
  overig: "andere reden",
};

export const HOLD_REASONS = {
  uitstroomsignaal: "het inkomen komt op of boven het uitstroominkomen",
  laatste_maand: "laatste maand van de bijstand",
};

export const HOLD_STATUSES = {
  vastgehouden: "wacht",
  vrijgegeven_compleet: "vrijgegeven, alle loonstroken binnen",
  vrijgegeven_termijn: "vrijgegeven na de termijn, alleen het zekere bedrag",
};

export const BUFFER_KINDS = {
  kwijtschelding: "Niet terugvorderen (kwijtschelding)",
  aanvulling: "Aanvulling tot de norm",
};

/** ["2026-W06", "2026-W07"] → "week 6 en 7" (the numbers of ISO weeks, in order). */
export function weekNumbers(weeks) {
  const numbers = weeks.map((week) => String(weekDays(week).number));
  if (numbers.length <= 1) return `week ${numbers.join("")}`;
  return `week ${numbers.slice(0, -1).join(", ")} en ${numbers.at(-1)}`;
}

export const STATUSES = {
  concept: "Concept",
  voorgesteld: "Voorgesteld",
  goedgekeurd: "Goedgekeurd",
  geexporteerd: "Geëxporteerd",
};

export const HOUSEHOLDS = {
  alleenstaand: "Alleenstaand",
  alleenstaande_ouder: "Alleenstaande ouder",
  gehuwd_samenwonend: "Gehuwd of samenwonend",
};

export const DISREGARDS = {
  n: "art. 31 lid 2 n (25%)",
  r: "art. 31 lid 2 r (alleenstaande ouder)",
  y: "art. 31 lid 2 y (medisch urenbeperkt)",
  art34a: "art. 34a (Participatiewet in balans)",
};

/** What a signal is about, from its details (periods, months and dates only). */
export function signalText(signal) {
  const d = signal.details ?? {};
  const parts = [];
  if (d.periodStart && d.periodEnd) parts.push(period(d.periodStart, d.periodEnd));
  if (d.payDate) parts.push(`betaaldatum ${longDate(d.payDate)}`);
  if (d.month) parts.push(monthName(d.month));
  if (d.correctionTo && d.correctionTo !== "None") parts.push(`verwerkt in ${monthName(d.correctionTo)}`);
  if (d.lastMonth) parts.push(`laatste maand ${monthName(d.lastMonth)}`);
  if (d.reason && HOLD_REASONS[d.reason]) parts.push(HOLD_REASONS[d.reason]);
  if (d.until) parts.push(`uiterlijk tot ${longDate(d.until)}`);
  if (Array.isArray(d.weeks) && d.weeks.length) parts.push(`loonstroken van ${weekNumbers(d.weeks)}`);
  if (d.use && BUFFER_KINDS[d.use]) parts.push(BUFFER_KINDS[d.use].toLowerCase());
  if (signal.kind === "missing_period" && d.periodStart) {
    const from = signal.agencyName ? ` van ${signal.agencyName}` : "";
    return `Loonstrook${from} ontbreekt voor ${period(d.periodStart, d.periodEnd)}`;
  }
  if (signal.agencyName) parts.unshift(signal.agencyName);
  const label = SIGNALS[signal.kind] ?? "Signaal";
  return parts.length ? `${label}: ${parts.join(", ")}` : label;
}

export function statusBadge(status) {
  return h("span", { class: `status status-${status}` }, STATUSES[status] ?? status);
}
