// Undoes the HTML escaping bk-job applies to v2 `log_content` (Utils.htmlEncode), so the
// rest of joblog holds raw text and escapes it once, for whichever surface it renders to.

const ENTITY = /&(?:amp|lt|gt|quot|#39);/g;

function decode(entity: string): string {
  switch (entity) {
    case "&amp;":
      return "&";
    case "&lt;":
      return "<";
    case "&gt;":
      return ">";
    case "&quot;":
      return '"';
    default:
      return "'";
  }
}

/**
 * One pass, so `&amp;lt;` becomes `&lt;` (the text the script printed), never `<`.
 * Logs can be megabytes: text without "&" is returned untouched, without a regex scan.
 */
export function unescapeHtml(text: string): string {
  return text.includes("&") ? text.replace(ENTITY, decode) : text;
}
