// One month's settlement: the outcome, the workflow, every explanation line, the remaining-to-exit,
// the parameters used and the earlier versions.

import { append, facts, h, table } from "../common/dom.js";
import { euro, hours, isZero, longDate, moment, monthName, period } from "../common/format.js";
import { withoutOwnNumbers } from "../common/business.js";
import { explanation } from "../common/lines.js";
import { incomeSourcesCard } from "./business.js";
import { endNote, finalOutcome, finalSummary, forecastCard, holdCard, proposalNote } from "./ending.js";
import { downloadAgainButton } from "./exports.js";
import { STATUSES, statusBadge } from "./labels.js";
import { waterfall } from "./waterfall.js";
import { workerHeader } from "./worker.js";
import { workflowCard } from "./workflow.js";

const RULES = { working_days: "werkdagen", calendar_days: "kalenderdagen", pay_date: "betaaldatum" };
const REGIMES = { art31: "art. 31 lid 2 (huidig)", art34a: "art. 34a (in balans)" };

function unlessZero(amount) {
  return amount === null || isZero(amount) ? null : euro(amount);
}

function outcome(s) {
  return facts([
    ["Norm", euro(s.norm)],
    ["Meetellend inkomen", euro(s.income)],
    ["waarvan eigen onderneming", unlessZero(s.selfEmployedIncome)],
    ["Vrijlating", euro(s.disregard)],
    ["Bijstand", euro(s.bijstand)],
    ["Uitbetaling (95%)", euro(s.payout)],
    ["Reservering vakantietoeslag", euro(s.holidayAllowanceReserve)],
    ["Vakantiegeld verrekend", unlessZero(s.holidayPaySetOff)],
    ["Voorschot", euro(s.advance)],
    ["Correcties", unlessZero(s.correctionsTotal)],
    ["Verschil", s.difference === null ? null : euro(s.difference)],
    ["Verrekend met eerder te veel betaald", unlessZero(s.offset)],
    ["Nabetaling", s.toPay === null ? null : euro(s.toPay)],
    ["Te veel betaald", s.overpaid === null ? null : euro(s.overpaid)],
    ["Niet binnen de termijn verrekend", unlessZero(s.notOffset)],
    ["Uit het bufferbudget", unlessZero(s.bufferUsed)],
    ["Vakantietoeslag uitbetaald", unlessZero(s.holidayAllowancePaidOut)],
    ["Betaaldatum", longDate(s.payoutDate)],
  ]);
}

function remaining(r) {
  return facts([
    ["Uitstroominkomen (netto per maand)", euro(r.exitIncome)],
    ["Al verdiend deze maand", euro(r.income)],
    ["Nog te verdienen, netto", euro(r.net)],
    ["Nog te verdienen, bruto", r.gross === null ? "onbekend" : euro(r.gross)],
    ["In uren", r.hours === null ? "onbekend" : `${hours(r.hours)} à ${euro(r.hourlyWage)}`],
    ["Blijvend per week nodig", euro(r.weeklyExitIncome)],
    ["Nu gemiddeld per week", r.weeklyNetNow === null ? "onbekend" : euro(r.weeklyNetNow)],
    ["Per week meer nodig, netto", r.weeklyNet === null ? "onbekend" : euro(r.weeklyNet)],
  ]);
}

function note(...content) {
  return h("p", { class: "note" }, ...content);
}

function notes(s, agencies, id) {
  const items = s.missing.map((gap) => {
    const agency = agencies.get(gap.agency) ?? "het uitzendbureau";
    const days = period(gap.start, gap.end);
    return note(`Nog niet binnen: loonstrook van ${agency} voor ${days}. Er is niets voor geschat.`);
  });
  if (s.kind === "herberekening" && s.correctionTo) {
    const link = h("a", { href: `#/werkenden/${id}/maanden/${s.correctionTo}` }, monthName(s.correctionTo));
    items.push(note("Herberekening van een goedgekeurde maand. Het verschil wordt verwerkt in ", link, "."));
  }
  for (const c of s.corrections) {
    const deltas = `uitbetaling ${euro(c.payoutDelta)}, vakantietoeslag ${euro(c.holidayAllowanceDelta)}`;
    items.push(note(`Correctie uit ${monthName(c.month)}: ${deltas}.`));
  }
  if (s.unconfirmed) items.push(note("Voorlopig: een gebruikte parameterwaarde is nog niet bevestigd."));
  return items;
}

// A parameter's value with its unit in words: the value already reads "25%", "6 maanden" or "67 jaar";
// an amount gets its euro sign and what it is per ("€ 285,00 per maand").
function parameterValue(p) {
  return p.unit.startsWith("euro") ? `€\u00a0${p.value}${p.unit.slice("euro".length)}` : p.value;
}

function parameters(list) {
  const rows = list.map((p) => [
    p.label,
    parameterValue(p),
    p.validTo ? `${longDate(p.validFrom)} t/m ${longDate(p.validTo)}` : `vanaf ${longDate(p.validFrom)}`,
    h("a", { href: p.sourceUrl, rel: "noopener noreferrer", target: "_blank" }, p.article),
    p.confirmed ? "ja" : h("strong", {}, "nee"),
  ]);
  return table(["Parameter", "Waarde", "Geldig", "Bron", "Bevestigd"], rows);
}

function versionsBlock(context, id, month, current) {
  const button = h("button", { class: "link", type: "button" }, "Alle versies tonen");
  const block = h("div", { class: "versions" }, button);
  button.addEventListener("click", async () => {
    const versions = await context.call(`/v1/werkenden/${id}/maanden/${month}/versies`);
    const rows = versions.map((v) => [
      v.version === current
        ? `versie ${v.version} (deze)`
        : h("a", { href: `#/werkenden/${id}/maanden/${month}/versies/${v.version}` }, `versie ${v.version}`),
      statusBadge(v.status),
      moment(v.computedAt),
      euro(v.payout),
      v.difference === null ? "–" : euro(v.difference),
    ]);
    const headers = ["Versie", "Status", "Berekend", "Uitbetaling", "Verschil"];
    block.replaceChildren(table(headers, rows, { numeric: [3, 4] }));
  });
  return block;
}

export async function monthView(context, id, month, version, flash = null) {
  const base = `/v1/werkenden/${id}/maanden/${month}`;
  const header = await workerHeader(context, id, "");
  const detail = await context.call(version ? `${base}/versies/${version}` : base);
  const enrollments = await context.call(`/v1/werkenden/${id}/inschrijvingen`);
  const newest = version ? await context.call(base) : null;
  const agencies = new Map(enrollments.map((e) => [e.agencyId, e.agencyName]));
  const s = detail.settlement;
  const labels = new Map(s.parameters.map((p) => [p.key, p.label]));
  const latest = newest === null || newest.version === detail.version;
  const section = h("section", { class: "month" });
  const move = async (to, note) => {
    const body = { to, version: detail.version, ...(note ? { note } : {}) };
    await context.call(`${base}/overgangen`, { method: "POST", body });
    const done = `Gelukt. De status is nu: ${STATUSES[to].toLowerCase()}.`;
    section.replaceWith(await monthView(context, id, month, null, done));
  };
  const final = s.kind === "eindafrekening";
  const title = final
    ? `Eindafrekening na einde bijstand op ${longDate(s.end?.endDate)} `
    : `Maandverrekening ${monthName(month)} `;
  const rule = RULES[s.attribution] ?? s.attribution;
  const rules = `Toerekening: ${rule}; vrijlatingen: ${REGIMES[s.regime] ?? s.regime}.`;
  const workflow = workflowCard({
    detail,
    latest,
    move,
    download: downloadAgainButton(context, month),
  });
  append(
    section,
    header,
    h("h2", { class: "month-title" }, title, statusBadge(detail.status)),
    h(
      "p",
      { class: "muted" },
      `Versie ${detail.version}, berekend ${moment(detail.computedAt)}. ${rules} `,
      s.complete ? "De maand is compleet." : "De maand is nog niet compleet.",
    ),
    flash ? h("p", { class: "success", role: "status" }, flash) : null,
    notes(s, agencies, id),
    endNote(s),
    proposalNote(s, id),
    final ? null : waterfall(s),
    final ? null : incomeSourcesCard(detail, { agencies, labels, id }),
    h(
      "div",
      { class: "columns" },
      h(
        "div",
        {},
        s.hold ? holdCard(s.hold, final && s.end ? s.end.endDate.slice(0, 7) : s.month) : null,
        s.exitForecast ? forecastCard(s.exitForecast, s.month) : null,
        final
          ? h("section", { class: "card" }, h("h2", {}, "Eindafrekening"), finalSummary(s), finalOutcome(s))
          : h("section", { class: "card" }, h("h2", {}, "Uitkomst"), outcome(s)),
        workflow,
        final ? null : h("section", { class: "card" }, h("h2", {}, "Nog te verdienen"), remaining(s.remaining)),
      ),
      h("div", {}, h("h2", { class: "first" }, "Zo is het berekend"), explanation(withoutOwnNumbers(s.lines), { agencies, labels })),
    ),
    h("h2", {}, "Gebruikte parameters"),
    parameters(s.parameters),
    h("h2", {}, "Versies"),
    versionsBlock(context, id, month, detail.version),
  );
  return section;
}
