// The income consultant's portal: caseload, a worker's months and weeks, household facts, settlement.

import { startApp } from "../common/shell.js";
import { bufferbudgetView } from "./bufferbudget.js";
import { businessView } from "./business.js";
import { caseloadView } from "./caseload.js";
import { exportsView } from "./exports.js";
import { householdView } from "./household.js";
import { mandatesView } from "./mandates.js";
import { monthView } from "./month.js";
import { reviewView } from "./review.js";
import { weekView } from "./week.js";
import { monthsView, payslipsView, weeksView } from "./worker.js";

const ID = "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})";
const worker = (rest = "") => new RegExp(`^/werkenden/${ID}${rest}$`);

startApp({
  page: "portaal",
  texts: {
    title: "Portaal voor inkomensconsulenten",
    intro: "Bekijk uw caseload, de weken en maanden van elke werkende, en verreken de maand.",
    signIn: "Inloggen",
    notFound: "Deze werkende of deze gegevens bestaan niet, of horen niet bij uw gemeente.",
    forbidden: "Het portaal is voor inkomensconsulenten en teamleiders. Log uit en log in met die rol.",
  },
  routes: [
    [/^\/$/, caseloadView],
    [/^\/exporten$/, exportsView],
    [/^\/te-beoordelen$/, reviewView],
    [worker(), (context, id) => monthsView(context, id)],
    [worker("/weken"), weeksView],
    [worker("/huishouden"), householdView],
    [worker("/loonstroken"), payslipsView],
    [worker("/eigen-bedrijf"), businessView],
    [worker("/boekhouder"), (context, id) => mandatesView(context, id)],
    [worker("/bufferbudget"), (context, id) => bufferbudgetView(context, id)],
    [worker("/maanden/(\\d{4}-\\d{2})"), (context, id, month) => monthView(context, id, month, null)],
    [worker("/maanden/(\\d{4}-\\d{2})/versies/(\\d{1,6})"), monthView],
    [worker("/weken/(\\d{4}-W\\d{2})"), weekView],
  ],
});
