// bk-job's Utils.htmlEncode as applied to v2 `log_content`: exactly &, < and >, nothing else
// (quotes stay as they are), and a blank log becomes "".

export function htmlEncodeLog(raw: string): string {
  if (raw.trim() === "") return "";
  return raw.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}
