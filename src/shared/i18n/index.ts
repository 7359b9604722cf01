/**
 * The messages a clerk reads, in Simplified Chinese (the default) or English: one i18next
 * instance over the catalogues in this folder. A message is a stable key and its parameters;
 * it is put into words only when the answer goes out, in the request's language (Accept-Language).
 * Codes (`extensions.code`, reason codes) are never translated.
 */
import i18next from "i18next";
import { en } from "./en.js";
import { zhCN } from "./zh-CN.js";

export const LANGUAGES = ["zh-CN", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "zh-CN";

/** A message before it is put into words: a catalogue key and what fills its placeholders. */
export interface Message {
  key: string;
  params?: Record<string, unknown>;
}

export const msg = (key: string, params?: Record<string, unknown>): Message => (params ? { key, params } : { key });

const i18n = i18next.createInstance();
void i18n.init({
  resources: { "zh-CN": { translation: zhCN }, en: { translation: en } },
  lng: DEFAULT_LANGUAGE,
  fallbackLng: "en",
  supportedLngs: [...LANGUAGES],
  initAsync: false,
  // Messages go out as JSON text, never into HTML: no escaping, or `"Z"` would become &quot;Z&quot;.
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** A message in words. Parameters that are messages themselves (a hint, a status) are translated first. */
export function render(message: Message | string, language: Language): string {
  if (typeof message === "string") return message;
  const params: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(message.params ?? {})) params[name] = isMessage(value) ? render(value, language) : value;
  return i18n.t(message.key, { ...params, lng: language });
}

const isMessage = (value: unknown): value is Message =>
  typeof value === "object" && value !== null && typeof (value as Message).key === "string" && Object.keys(value).every((k) => k === "key" || k === "params");

/**
 * The language of a request from what Accept-Language negotiation picked among LANGUAGES
 * (`req.acceptsLanguages(...LANGUAGES)`: "en" and "en-US" pick en, "zh" zh-CN); Chinese otherwise.
 */
export function languageOf(picked: string | false | undefined): Language {
  return picked === "en" ? "en" : DEFAULT_LANGUAGE;
}
