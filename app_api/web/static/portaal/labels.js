// Dutch names for the codes the API uses.

import { h } from "../common/dom.js";
import { longDate, monthName, period } from "../common/format.js";

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
};

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
  const label = SIGNALS[signal.kind] ?? signal.kind;
  return parts.length ? `${label}: ${parts.join(", ")}` : label;
}

export function statusBadge(status) {
  return h("span", { class: `status status-${status}` }, STATUSES[status] ?? status);
}

export function signalList(signals) {
  if (!signals.length) return h("p", { class: "muted" }, "Geen openstaande signalen.");
  const items = signals.map((signal) => h("li", { class: "signal" }, signalText(signal)));
  return h("ul", { class: "signals" }, items);
}
