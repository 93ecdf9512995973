// Reads a call's parameters the way ESB does (common/base_utils.py get_request_params): GET
// takes the query string only; POST takes a JSON body when it starts with "{", otherwise a
// form body. A POST's query string is ignored, as ESB ignores it.

export type Params = Readonly<Record<string, unknown>>;

export type ParamsResult = { ok: true; params: Params } | { ok: false; reason: "bad-json" };

export function readParams(method: string, url: URL, body: string, contentType: string | undefined): ParamsResult {
  if (method === "GET") return { ok: true, params: Object.fromEntries(url.searchParams) };
  if (body.trim().startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) {
        return { ok: true, params: parsed as Params };
      }
    } catch {
      // fall through: ESB reports the body, not the exception
    }
    return { ok: false, reason: "bad-json" };
  }
  if (contentType?.includes("application/x-www-form-urlencoded")) {
    return { ok: true, params: Object.fromEntries(new URLSearchParams(body)) };
  }
  return { ok: true, params: {} };
}

/** A non-empty string form of a parameter (ESB treats "", null and absent alike). */
export function textParam(params: Params, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = params[key];
    if (typeof value === "string" && value !== "") return value;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
  }
  return null;
}

/** A positive integer id, given as a JSON number or a decimal string; null otherwise. */
export function idParam(params: Params, key: string): number | null {
  const value = params[key];
  const id =
    typeof value === "number" ? value : typeof value === "string" && /^\d{1,15}$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isSafeInteger(id) && id >= 1 ? id : null;
}

/** bk_biz_id, or the 3.x scope form (bk_scope_type "biz" + bk_scope_id) that replaces it. */
export function bizIdParam(params: Params): number | null {
  const bizId = idParam(params, "bk_biz_id");
  if (bizId !== null) return bizId;
  return params["bk_scope_type"] === "biz" ? idParam(params, "bk_scope_id") : null;
}
