// A worker's file: the header with signals and tabs, and the lists of months, weeks and pay records.
// The portal asks the API one thing at a time: every staff read appends to the hash-chained audit log,
// and on the embedded SQLite database parallel appends would refuse each other (503).

import { append, h, table } from "../common/dom.js";
import { count, euro, hours, longDate, monthName, period, weekName } from "../common/format.js";
import { statusBadge } from "./labels.js";
import { endPanel } from "./leaving.js";
import { signalBanners } from "./signals.js";

const SLIP_COLUMNS = [
  "Periode",
  "Uitzendbureau",
  "Betaald op",
  "Uren",
  "Bruto",
  "Netto",
  "Vakantiegeld",
];
const TABS = [
  ["", "Maanden"],
  ["/weken", "Weken"],
  ["/huishouden", "Huishouden"],
  ["/loonstroken", "Loonstroken"],
  ["/eigen-bedrijf", "Eigen bedrijf"],
  ["/boekhouder", "Boekhouder"],
  ["/bufferbudget", "Bufferbudget"],
];

/** Name, birth date, open signals (with their actions) and the tabs of a worker's file. */
export async function workerHeader(context, id, active) {
  const worker = await context.call(`/v1/werkenden/${id}`);
  return h(
    "header",
    { class: "worker-header" },
    h("p", { class: "crumbs" }, h("a", { href: "#/" }, "Caseload")),
    h("h1", {}, worker.name),
    h("p", { class: "muted" }, `Geboren ${longDate(worker.birthDate)}`),
    signalBanners(context, id, worker.openSignals),
    h(
      "nav",
      { class: "tabs", "aria-label": "Onderdelen van het dossier" },
      TABS.map(([path, label]) =>
        h("a", { href: `#/werkenden/${id}${path}`, "aria-current": path === active ? "page" : null }, label),
      ),
    ),
  );
}

function flags(item) {
  return [
    item.running ? h("span", { class: "chip" }, "maand loopt nog") : null,
    !item.running && item.complete === false ? h("span", { class: "chip chip-warn" }, "nog niet compleet") : null,
    item.unconfirmed ? h("span", { class: "chip chip-warn" }, "voorlopig") : null,
    item.kind === "herberekening" ? h("span", { class: "chip" }, "herberekening") : null,
    item.hold?.status === "vastgehouden"
      ? h("span", { class: "chip chip-warn" }, `betaling wacht, uiterlijk tot ${longDate(item.hold.until)}`)
      : null,
  ];
}

/** A month in a list: its name, or "Eindafrekening" for the final settlement after the end of a case. */
export function monthLabel(item) {
  return item.kind === "eindafrekening" ? "Eindafrekening" : monthName(item.month);
}

export async function monthsView(context, id, flash = null) {
  const header = await workerHeader(context, id, "");
  const months = await context.call(`/v1/werkenden/${id}/maanden?pageSize=24`);
  const section = h("section", {});
  const changed = async (done) => {
    section.replaceWith(await monthsView(context, id, done));
  };
  const end = await endPanel(context, id, { months: months.items, onChanged: changed });
  const rows = months.items.map((month) => [
    h("a", { href: `#/werkenden/${id}/maanden/${month.month}` }, monthLabel(month)),
    h("span", {}, statusBadge(month.status), " ", flags(month)),
    euro(month.payout),
    euro(month.toPay),
    euro(month.overpaid),
    longDate(month.payoutDate),
  ]);
  append(
    section,
    header,
    flash ? h("p", { class: "success", role: "status" }, flash) : null,
    h("h2", {}, "Maandverrekeningen"),
    rows.length
      ? table(["Maand", "Status", "Uitbetaling", "Nabetaling", "Te veel betaald", "Betaaldatum"], rows, {
          numeric: [2, 3, 4],
        })
      : h("p", { class: "muted" }, "Nog geen maanden berekend."),
    end,
  );
  return section;
}

export async function weeksView(context, id) {
  const header = await workerHeader(context, id, "/weken");
  const weeks = await context.call(`/v1/werkenden/${id}/weken?pageSize=26`);
  const rows = weeks.items.map((week) => [
    h("a", { href: `#/werkenden/${id}/weken/${week.week}` }, weekName(week.week)),
    hours(week.hours),
    euro(week.gross),
    euro(week.net),
    euro(week.payout),
    euro(week.expectedDifference),
    week.missingPeriods
      ? h("span", { class: "chip chip-warn" }, `${count(week.missingPeriods, "loonstrook", "loonstroken")} nog niet binnen`)
      : "",
  ]);
  return h(
    "section",
    {},
    header,
    h("h2", {}, "Weken"),
    h("p", { class: "muted" }, "Uitbetaling en verschil gelden de hele maand, als er daarna niets bij komt."),
    rows.length
      ? table(["Week", "Uren", "Bruto", "Netto", "Uitbetaling maand", "Verschil met voorschot", ""], rows, {
          numeric: [1, 2, 3, 4, 5],
        })
      : h("p", { class: "muted" }, "Nog geen weken berekend."),
  );
}

export async function payslipsView(context, id) {
  const header = await workerHeader(context, id, "/loonstroken");
  const slips = await context.call(`/v1/werkenden/${id}/loonstroken?pageSize=50`);
  const rows = slips.items.map((slip) => [
    period(slip.periodStart, slip.periodEnd),
    slip.version > 1 ? `${slip.agencyName} (versie ${slip.version})` : slip.agencyName,
    longDate(slip.payDate),
    hours(slip.hours),
    euro(slip.grossWage),
    euro(slip.netWage),
    euro(slip.holidayPayPaid),
  ]);
  return h(
    "section",
    {},
    header,
    h("h2", {}, "Loonstroken (geldende versies)"),
    rows.length
      ? table(SLIP_COLUMNS, rows, { numeric: [3, 4, 5, 6] })
      : h("p", { class: "muted" }, "Nog geen loonstroken ontvangen."),
  );
}
