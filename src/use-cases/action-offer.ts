// Whether a report offers action buttons, and a waiting confirmation's text and addressees for
// them, asked of BK-JOB as the asker (get_step_instance_detail, on the gateway only). Without
// them the report is still whole: a failure here only loses the confirmation's text.
import type { JobReport } from "../core/report-model.js";
import { offeredActions } from "../core/step-actions.js";
import type { ActionOptions } from "../render/step-action-blocks.js";
import type { RequestContext, RequestDeps } from "./request-deps.js";

export async function actionOptionsFor(deps: RequestDeps, context: RequestContext, report: JobReport): Promise<ActionOptions | undefined> {
  const actions = deps.actions;
  if (!actions?.offered(report.ref.bizId) || context.actingUser === "") return undefined;
  const waiting = offeredActions(report).find((offered) => offered.action === "confirm")?.step;
  if (!waiting) return { on: "report", confirmation: null };
  const detail = await actions.operations.forUser(context.actingUser).stepConfirmation(report.ref, waiting.stepInstanceId);
  if (!detail.ok) deps.logger.warn({ ref: report.ref, kind: detail.error.kind, code: detail.error.code }, "confirmation text unavailable");
  return { on: "report", confirmation: detail.ok ? detail.value : null };
}
