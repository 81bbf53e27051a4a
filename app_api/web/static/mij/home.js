// The start screen: this month's money, what is still to earn, and the weeks.

import { ApiProblem } from "../common/api.js";
import { h } from "../common/dom.js";
import { euro, hours, isPositive, monthName, weekName } from "../common/format.js";
import { monthProgress, weeklyChart } from "./charts.js";
import { bufferCard, bufferNote, finalSentences, forecastCard, holdCard } from "./leaving.js";
import { storyCard } from "./story.js";

const NO_BENEFIT = "Dan heeft u deze maand geen bijstand nodig.";
const NOTHING_YET =
  "Er zijn nog geen gegevens. Zodra uw uitzendbureau uw loonstrook stuurt, ziet u hier wat u krijgt.";

/** The answer, or null for a 404 (nothing there yet). */
export async function orNothing(promise) {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 404) return null;
    throw error;
  }
}

/** What is still to earn, in euros and hours, this month and per week. */
export function remainingCard(remaining, month) {
  const r = remaining.remaining;
  const parts = [
    h("h2", {}, "Nog te verdienen"),
    h("p", { class: "amount" }, euro(r.net)),
    h("p", {}, `Verdien in ${monthName(month)} nog ${euro(r.net)} netto.`, " ", NO_BENEFIT),
  ];
  if (r.gross !== null && r.hours !== null) {
    const work = `Dat is ${hours(r.hours)} werk voor ${euro(r.hourlyWage)} per uur.`;
    parts.push(h("p", {}, `Dat is ongeveer ${euro(r.gross)} bruto. ${work}`));
  }
  const weekly = `Dan heeft u elke week ${euro(r.weeklyExitIncome)} netto nodig.`;
  parts.push(h("p", {}, `Wilt u helemaal stoppen met bijstand? ${weekly}`));
  if (r.weeklyNetNow !== null) {
    const extraHours = r.weeklyHours === null ? "" : `, ongeveer ${hours(r.weeklyHours)}`;
    const more = isPositive(r.weeklyNet)
      ? `Dat is ${euro(r.weeklyNet)} per week meer${extraHours}.`
      : "Dat verdient u nu al.";
    parts.push(h("p", {}, `U verdient nu gemiddeld ${euro(r.weeklyNetNow)} per week. ${more}`));
  }
  return h("section", { class: "card remaining" }, parts);
}

/** Whether the week still runs, or its pay slip is late; a pay slip not in yet but not late is no news. */
function weekState(week) {
  if (week.running) return h("span", { class: "chip" }, "Week loopt nog");
  if (week.missingLate) {
    const missing = week.missingPeriods === 1 ? "Loonstrook ontbreekt" : `${week.missingPeriods} loonstroken ontbreken`;
    return h("span", { class: "chip-warn" }, missing);
  }
  if (week.missingPeriods) return h("span", { class: "chip" }, "Loonstrook nog niet binnen");
  return null;
}

function weekCard(week) {
  return h(
    "li",
    {},
    h(
      "a",
      { class: "week-card", href: `#/weken/${week.week}` },
      h("span", { class: "week-name" }, weekName(week.week).replace(/^week/, "Week")),
      h("span", {}, `Verdiend: ${euro(week.net)} (${hours(week.hours)})`),
      h("span", {}, `Na deze week: ${euro(week.payout)} bijstand over ${monthName(week.month)}`),
      weekState(week),
    ),
  );
}

/** The card of the final settlement, when the benefit has ended. */
async function finalCard(call, summary) {
  if (!summary) return null;
  const detail = await orNothing(call(`/v1/mij/maanden/${summary.month}`));
  if (!detail) return null;
  return h(
    "section",
    { class: "card final" },
    h("h2", {}, "Eindafrekening"),
    finalSentences(detail.settlement),
    h("p", {}, h("a", { href: `#/maanden/${summary.month}` }, "Hoe is dit berekend?")),
  );
}

export async function homeView({ call, session }) {
  const [weeks, remaining, months, buffer] = await Promise.all([
    call("/v1/mij/weken?pageSize=8"),
    orNothing(call("/v1/mij/nog-te-verdienen")),
    call("/v1/mij/maanden?pageSize=24"),
    orNothing(call("/v1/mij/bufferbudget")),
  ]);
  const finals = months.items.filter((m) => m.kind === "eindafrekening");
  const final = await finalCard(call, finals[0]);
  const shown = new Set([...finals.map((m) => m.month), weeks.items[0]?.month]);
  const uses = bufferCard(buffer?.uses, shown);
  const greeting = h("h1", {}, session.name ? `Hallo ${session.name.split(" ")[0]}` : "Uw overzicht");
  if (!weeks.items.length) {
    const own = h(
      "p",
      { class: "more-links" },
      h("a", { href: "#/eigen-bedrijf" }, "Eigen bedrijf: facturen en kosten"),
      h("a", { href: "#/boekhouder" }, "Mijn boekhouder"),
    );
    return h("section", {}, greeting, final ?? h("p", { class: "card" }, NOTHING_YET), uses, own);
  }
  const month = weeks.items[0].month;
  const [detail, story] = await Promise.all([
    orNothing(call(`/v1/mij/maanden/${month}`)),
    orNothing(call(`/v1/mij/maanden/${month}/samenvatting`)),
  ]);
  const heldBefore = months.items
    .filter((m) => m.month !== month && m.kind !== "eindafrekening" && m.hold?.status === "vastgehouden")
    .map((m) => holdCard(m.hold, m.month));
  return h(
    "section",
    { class: "home" },
    greeting,
    final,
    heldBefore,
    detail ? holdCard(detail.settlement.hold, month) : null,
    detail ? forecastCard(detail.settlement.exitForecast, month) : null,
    story && !final
      ? storyCard(
          story,
          bufferNote(buffer?.uses, month),
          monthProgress(month, story.earned, story.exitIncome),
          h("p", {}, h("a", { href: `#/maanden/${month}` }, "Hoe is dit berekend?")),
        )
      : null,
    remaining && !final ? remainingCard(remaining, remaining.month) : null,
    uses,
    h("h2", {}, "Per week"),
    remaining ? weeklyChart(weeks.items, remaining.remaining.weeklyExitIncome) : null,
    h("ul", { class: "weeks" }, weeks.items.map(weekCard)),
    h(
      "p",
      { class: "more-links" },
      h("a", { href: "#/maanden" }, "Alle maanden"),
      h("a", { href: "#/loonstroken" }, "Al mijn loonstroken"),
      h("a", { href: "#/eigen-bedrijf" }, "Eigen bedrijf: facturen en kosten"),
      h("a", { href: "#/boekhouder" }, "Mijn boekhouder"),
    ),
  );
}
