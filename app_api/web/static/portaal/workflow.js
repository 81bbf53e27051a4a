// The settlement workflow of one month: concept → voorgesteld → goedgekeurd → geëxporteerd.
// The API decides (team lead approves, four eyes, only the reviewed version moves) and tells which steps
// the signed-in person may take (`steps`); the page offers only those and shows the API's reason when a
// step is refused all the same.

import { append, h } from "../common/dom.js";
import { moment } from "../common/format.js";
import { STATUSES, statusBadge } from "./labels.js";

const ORDER = ["concept", "voorgesteld", "goedgekeurd", "geexporteerd"];
const STEPS = {
  concept: [["voorgesteld", "Voorstellen", "primary"]],
  voorgesteld: [
    ["goedgekeurd", "Goedkeuren", "primary"],
    ["concept", "Terugsturen naar concept", "secondary"],
  ],
  goedgekeurd: [["geexporteerd", "Exporteren naar het uitkeringssysteem", "primary"]],
  geexporteerd: [],
};

function history(transitions) {
  return h(
    "ol",
    { class: "history" },
    transitions.map((step) =>
      h(
        "li",
        {},
        `${STATUSES[step.toStatus] ?? step.toStatus}: ${step.actorName}, ${moment(step.at)}`,
        step.note ? h("span", { class: "muted" }, ` — “${step.note}”`) : null,
      ),
    ),
  );
}

/** The workflow card; `move(to, note)` performs a step; `download` is shown once the month is exported. */
export function workflowCard({ detail, latest, move, download }) {
  const settlement = detail.settlement;
  const steps = ORDER.map((status) => {
    const current = status === detail.status;
    const attributes = { class: current ? "current" : null, "aria-current": current ? "step" : null };
    return h("li", attributes, STATUSES[status]);
  });
  const card = h("section", { class: "card workflow", "aria-labelledby": "workflow-title" });
  const message = h("p", { class: "alert", role: "alert", hidden: true });
  const note = h("textarea", { id: "workflow-note", maxlength: "1000" });
  let actions;
  if (!latest) {
    actions = h("p", { class: "muted" }, "Dit is een eerdere versie. Alleen de nieuwste versie gaat verder.");
  } else if (settlement.kind === "herberekening") {
    actions = h("p", { class: "muted" }, "Een herberekening gaat mee met de open maand; die keurt u goed.");
  } else {
    const offered = STEPS[detail.status].filter(([to]) => detail.steps.includes(to));
    const buttons = offered.map(([to, label, style]) => {
      const button = h("button", { class: style, type: "button", "data-step": to }, label);
      button.addEventListener("click", async () => {
        for (const other of card.querySelectorAll("button")) other.disabled = true;
        message.hidden = true;
        try {
          await move(to, note.value.trim() || null);
        } catch (error) {
          message.textContent = error.message;
          message.hidden = false;
          for (const other of card.querySelectorAll("button")) other.disabled = false;
        }
      });
      return button;
    });
    const held = settlement.hold?.status === "vastgehouden";
    let waiting = null;
    if (detail.status === "voorgesteld" && !detail.steps.includes("goedgekeurd")) {
      waiting = held
        ? h("p", { class: "muted" }, "Goedkeuren kan pas als de betaling niet meer wacht op loonstroken.")
        : h("p", { class: "muted" }, "Een teamleider keurt deze maand goed (vier ogen).");
    }
    const done =
      detail.status === "geexporteerd"
        ? [h("p", { class: "muted" }, "Deze maand is geëxporteerd naar het uitkeringssysteem."), download]
        : null;
    actions = h(
      "div",
      { class: "stack" },
      buttons.length ? [h("label", { for: "workflow-note" }, "Toelichting (niet verplicht)"), note] : null,
      h("div", { class: "buttons" }, buttons),
      waiting,
      done,
    );
  }
  append(
    card,
    h("h2", { id: "workflow-title" }, "Verrekening ", statusBadge(detail.status)),
    h("ol", { class: "steps" }, steps),
    message,
    actions,
    h("h3", {}, "Stappen van deze versie"),
    history(detail.transitions),
  );
  return card;
}
