// What both pages share around their views: sign-in, the account bar, hash routing and error screens.

import { ApiProblem, apiClient } from "./api.js";
import { focusHeading, h, show } from "./dom.js";
import { currentSession, finishSignIn, forgetSession, loadConfig, signOut, startSignIn } from "./oidc.js";

/** The screen for a failed view: 404 (also for other people's data) and 403 get their own message. */
export function problemView(error, texts) {
  if (error instanceof ApiProblem && error.status === 404) {
    return h(
      "section",
      { class: "notice" },
      h("h1", {}, "Niet gevonden"),
      h("p", {}, texts.notFound),
      h("p", {}, h("a", { href: "#/" }, "Terug naar het overzicht")),
    );
  }
  if (error instanceof ApiProblem && error.status === 403) {
    return h(
      "section",
      { class: "notice" },
      h("h1", {}, "Geen toegang"),
      h("p", { class: "alert", role: "alert" }, error.message),
      h("p", {}, texts.forbidden),
    );
  }
  const message = error instanceof ApiProblem ? error.message : "De gegevens konden niet worden geladen.";
  return h(
    "section",
    { class: "notice" },
    h("h1", {}, "Er ging iets mis"),
    h("p", { class: "alert", role: "alert" }, message),
    h("p", {}, h("a", { href: "#/" }, "Terug naar het overzicht")),
  );
}

const DEVELOPMENT = "Ontwikkelomgeving: u kiest een verzonnen persoon.";

function signInView(config, texts, message) {
  const button = h("button", { class: "primary big", type: "button" }, texts.signIn);
  const failure = h("p", { class: "alert", role: "alert", hidden: !message }, message ?? "");
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await startSignIn(config);
    } catch (error) {
      failure.textContent = error.message;
      failure.hidden = false;
      button.disabled = false;
    }
  });
  return h(
    "section",
    { class: "sign-in" },
    h("h1", {}, texts.title),
    h("p", { class: "lead" }, texts.intro),
    failure,
    button,
    config.development ? h("p", { class: "hint" }, DEVELOPMENT) : null,
  );
}

function match(routes, hash) {
  const path = hash.replace(/^#/, "") || "/";
  for (const [pattern, view] of routes) {
    const found = pattern.exec(path);
    if (found) return { view, params: found.slice(1).map(decodeURIComponent) };
  }
  return null;
}

/** Start a page: sign in if needed, then show the view the address (#/...) names. */
export async function startApp({ page, texts, routes }) {
  const main = document.getElementById("main");
  const account = document.getElementById("account");
  let config;
  try {
    config = await loadConfig(page);
  } catch (error) {
    show(main, h("h1", {}, texts.title), h("p", { class: "alert", role: "alert" }, error.message));
    return;
  }
  if (!config.signIn) {
    const off = h("p", { class: "alert" }, "Inloggen is op deze server niet ingesteld.");
    show(main, h("h1", {}, texts.title), off);
    return;
  }
  let session = null;
  let failure = null;
  try {
    session = (await finishSignIn(config)) ?? currentSession(config);
  } catch (error) {
    failure = error.message;
  }
  if (!session) {
    show(main, signInView(config, texts, failure));
    focusHeading(main);
    return;
  }
  let shown = 0;
  // The API refused the token (expired or revoked): forget it and offer to sign in again.
  const expired = () => {
    shown += 1;
    removeEventListener("hashchange", render);
    forgetSession(config);
    account.replaceChildren();
    main.removeAttribute("aria-busy");
    show(main, signInView(config, texts, "U bent uitgelogd. Log opnieuw in."));
  };
  const call = apiClient({ token: session.accessToken, onUnauthorized: expired });
  const context = { call, session, config };
  show(
    account,
    session.name ? h("span", { class: "who" }, session.name) : null,
    h("button", { class: "link", type: "button", onclick: () => signOut(config) }, "Uitloggen"),
  );
  const render = async () => {
    const current = ++shown;
    const found = match(routes, location.hash);
    main.setAttribute("aria-busy", "true");
    let node;
    try {
      if (!found) throw new ApiProblem(404, null);
      node = await found.view(context, ...found.params);
    } catch (error) {
      node = problemView(error, texts);
    }
    if (current !== shown) return;
    main.removeAttribute("aria-busy");
    show(main, node);
    scrollTo(0, 0);
    focusHeading(main);
  };
  addEventListener("hashchange", render);
  await render();
}
