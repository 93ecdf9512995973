// The user-facing words, one dictionary per language (en.ts, zh-cn.ts). JOBLOG_LANG picks one;
// renderers receive it and never hold their own wording.
import { en, type Messages } from "./en.js";
import { zhCN } from "./zh-cn.js";

export type { Messages };

export type Language = "en" | "zh-CN";

const dictionaries: Record<Language, Messages> = { en, "zh-CN": zhCN };

export function messagesFor(language: Language): Messages {
  return dictionaries[language];
}
