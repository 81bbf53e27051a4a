// A worker's open signals as banners: the most pressing first, one per cause, each with the actions the
// API offers for it (ask the agency, no work that period, close with a reason). Several signals of one
// kind become one summary banner whose items open on demand, so five missing weeks do not read as five
// equal warnings. After an action the view is drawn again from the API.

import { h } from "../common/dom.js";
import { count, longDate, moment } from "../common/format.js";
import { SIGNALS, signalText } from "./labels.js";

/** Lower is more pressing. Kinds not listed come last, in the order the API gave them. */
const RANK = {
  payout_held: 0,
  missing_period: 1,
  figures_changed_after_approval: 2,
  anomaly_duplicate_period: 3,
  anomaly_ytd_jump: 3,
  anomaly_shared_pay_date: 3,
  exit_forecast: 4,
  bufferbudget_proposal: 5,
  disregard_ending: 6,
  flextensie_end_near: 6,
  flextensie_premium_cap_near: 6,
};
/** From this many signals of one kind, they are one banner with the items under "Toon alle". */
const SUMMARY_FROM = 3;

const PLURALS = {
  missing_period: ["loonstrook ontbreekt", "loonstroken ontbreken"],
};

const REASONS = [
  ["klopt", "De gegevens kloppen zo"],
  ["geregeld", "Al geregeld buiten Loonbrug"],
  ["niet_van_toepassing", "Geldt niet voor deze werkende"],
];

/** A confirmation to show once, after the view was drawn again. */
let flash = null;

function rank(kind) {
  return RANK[kind] ?? 9;
}

/** The banner's tone: red when money waits or data is missing, yellow otherwise. */
function tone(kind) {
  return rank(kind) <= 1 ? "signal signal-urgent" : "signal";
}

function asked(signal) {
  if (!signal.askedAt) return null;
  return h("p", { class: "signal-asked" }, `Uitzendbureau gevraagd op ${moment(signal.askedAt)}.`);
}

/** The action buttons of one signal; `done(message)` redraws the view with a confirmation. */
function actions(context, workerId, signal, done) {
  if (!signal.actions.length) return null;
  const url = `/v1/werkenden/${workerId}/signalen/${signal.id}/afhandeling`;
  const failure = h("p", { class: "alert", role: "alert", hidden: true });
  const form = h("div", { class: "signal-actions" });
  const act = async (body, message) => {
    for (const button of form.querySelectorAll("button")) button.disabled = true;
    failure.hidden = true;
    try {
      await context.call(url, { method: "POST", body });
      done(message);
    } catch (error) {
      failure.textContent = error.message;
      failure.hidden = false;
      for (const button of form.querySelectorAll("button")) button.disabled = false;
    }
  };
  const agency = signal.agencyName ?? "het uitzendbureau";
  const buttons = [];
  if (signal.actions.includes("uitvragen")) {
    buttons.push(
      h(
        "button",
        {
          class: "secondary small",
          type: "button",
          onclick: () => act({ action: "uitvragen" }, `${agency} is gevraagd om de loonstrook.`),
        },
        `Vraag ${agency} om de loonstrook`,
      ),
    );
  }
  if (signal.actions.includes("geen_werk")) {
    buttons.push(
      h(
        "button",
        {
          class: "secondary small",
          type: "button",
          onclick: () => act({ action: "geen_werk" }, "Vastgelegd: geen werk in die periode."),
        },
        "Geen werk in deze periode",
      ),
    );
  }
  let dismiss = null;
  if (signal.actions.includes("afwijzen")) {
    const id = `reden-${signal.id}`;
    const reason = h(
      "select",
      { id, class: "small" },
      REASONS.map(([value, label]) => h("option", { value }, label)),
    );
    dismiss = h(
      "span",
      { class: "signal-dismiss" },
      h("label", { for: id }, "Afsluiten omdat"),
      reason,
      h(
        "button",
        {
          class: "secondary small",
          type: "button",
          onclick: () => act({ action: "afwijzen", reason: reason.value }, "Het signaal is afgesloten."),
        },
        "Afsluiten",
      ),
    );
  }
  form.append(...buttons);
  if (dismiss) form.append(dismiss);
  return [form, failure];
}

function single(context, workerId, signal, done) {
  return h(
    "li",
    { class: tone(signal.kind), "data-kind": signal.kind },
    h("p", { class: "signal-text" }, signalText(signal)),
    asked(signal),
    actions(context, workerId, signal, done),
  );
}

function summary(context, workerId, kind, signals, done) {
  const [one, many] = PLURALS[kind] ?? [SIGNALS[kind] ?? "signaal", SIGNALS[kind] ?? "signalen"];
  const agencies = [...new Set(signals.map((s) => s.agencyName).filter(Boolean))];
  const title = `${count(signals.length, one, many)}${agencies.length ? ` bij ${agencies.join(" en ")}` : ""}`;
  const first = signals.map((s) => s.details?.periodStart).filter(Boolean).sort()[0];
  return h(
    "li",
    { class: tone(kind), "data-kind": kind },
    h("p", { class: "signal-text" }, h("strong", {}, title), first ? `, de eerste vanaf ${longDate(first)}.` : "."),
    h(
      "details",
      { class: "signal-items" },
      h("summary", {}, "Toon alle"),
      h("ul", { class: "signals" }, signals.map((signal) => single(context, workerId, signal, done))),
    ),
  );
}

/** Draw the current view again (the shell renders on a hash change) with `message` confirmed. */
function redraw(message) {
  flash = message;
  dispatchEvent(new HashChangeEvent("hashchange"));
}

/** The ranked banners of a worker's open `signals`, with their actions. */
export function signalBanners(context, workerId, signals) {
  const shown = flash ? h("p", { class: "success", role: "status" }, flash) : null;
  flash = null;
  if (!signals.length) return [shown, h("p", { class: "muted" }, "Geen openstaande signalen.")];
  const byKind = new Map();
  for (const signal of signals) {
    if (!byKind.has(signal.kind)) byKind.set(signal.kind, []);
    byKind.get(signal.kind).push(signal);
  }
  const kinds = [...byKind.keys()].sort((a, b) => rank(a) - rank(b));
  const banners = kinds.flatMap((kind) => {
    const list = byKind.get(kind);
    return list.length >= SUMMARY_FROM
      ? [summary(context, workerId, kind, list, redraw)]
      : list.map((signal) => single(context, workerId, signal, redraw));
  });
  return [shown, h("ul", { class: "signals", "aria-label": "Openstaande signalen" }, banners)];
}
