// Errors from the API's problem+json next to the form field they name: `invalidParams[].name` "endDate"
// goes to the element `#<prefix>-endDate-error` and marks `#<prefix>-endDate` aria-invalid; what no field
// takes, and the problem's `detail`, go to the form's general message.

import { h } from "./dom.js";

/** An empty, hidden slot for the error of field `name` (shown by `showFieldErrors`). */
export function errorSlot(prefix, name) {
  return h("p", { class: "field-error", id: `${prefix}-${name}-error`, hidden: true });
}

/** Show `error` (an ApiProblem or { message, invalidParams }) in `form`; `message` is the general alert. */
export function showFieldErrors(form, message, error, prefix) {
  for (const node of form.querySelectorAll(".field-error")) node.hidden = true;
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  const general = [];
  for (const param of error.invalidParams ?? []) {
    const name = String(param.name).split(".").at(-1);
    const slot = form.querySelector(`#${prefix}-${name}-error`);
    if (slot) {
      slot.textContent = param.reason;
      slot.hidden = false;
      form.querySelector(`#${prefix}-${name}`)?.setAttribute("aria-invalid", "true");
    } else {
      general.push(param.reason);
    }
  }
  message.textContent = [error.message, ...general].join(" ");
  message.hidden = false;
}
