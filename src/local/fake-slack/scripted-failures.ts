// Errors a test scripts ahead of time with `fake.failNext(...)`: a Slack error code answered as
// HTTP 200 `{ok:false,error}`, or HTTP 429 with Retry-After, optionally for one channel only (the
// per-channel chat.postMessage limit is what real Slack rate-limits first).
import type { FailNextOptions, ScriptedError } from "./fake-slack-types.js";
import { stringParam, type Params } from "./request-body.js";

interface Script {
  method: string;
  error: ScriptedError;
  channel: string | undefined;
  remaining: number;
}

export class ScriptedFailures {
  private readonly scripts: Script[] = [];

  add(method: string, error: ScriptedError, options: FailNextOptions = {}): void {
    this.scripts.push({ method, error, channel: options.channel, remaining: options.times ?? 1 });
  }

  /** The scripted error for this call, if one matches; using it counts down its `times`. */
  take(method: string, params: Params): ScriptedError | undefined {
    const channel = stringParam(params, "channel") ?? stringParam(params, "channel_id");
    const matches = (s: Script) => s.method === method && (s.channel === undefined || s.channel === channel);
    const index = this.scripts.findIndex(matches);
    const script = this.scripts[index];
    if (!script) return undefined;
    script.remaining -= 1;
    if (script.remaining <= 0) this.scripts.splice(index, 1);
    return script.error;
  }
}
