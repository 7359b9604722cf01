// Text PostgreSQL cannot store: a NUL character, or half of a UTF-16 surrogate pair (JSON and
// GraphQL escapes can carry both). Such text is refused where it enters, with the place it was
// found, so that it never reaches a statement it would fail — nor the audit event of a request
// whose failure would then cost other requests their answers.

const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const isStorableText = (text: string): boolean => !UNSTORABLE.test(text);

/**
 * The path of the first string inside `value` (object keys included) that cannot be stored, e.g.
 * `variables.input.matter`, or null when every string can be.
 */
export function unstorablePath(value: unknown, path = ""): string | null {
  const found = unstorableAt(value);
  if (found === null) return null;
  let at = path;
  for (let i = found.length - 1; i >= 0; i--) {
    const step = found[i]!;
    at = typeof step === "number" ? `${at}[${step}]` : at ? `${at}.${step}` : step;
  }
  return at || "(value)";
}

/** Where the first unstorable string is, innermost step first (the path is spelt only when one is found). */
function unstorableAt(value: unknown): (string | number)[] | null {
  if (typeof value === "string") return isStorableText(value) ? null : [];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableAt(value[i]);
      if (found !== null) return (found.push(i), found);
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      if (!isStorableText(key)) return [key];
      const found = unstorableAt((value as Record<string, unknown>)[key]);
      if (found !== null) return (found.push(key), found);
    }
  }
  return null;
}

/** At most `max` characters, never cutting a character outside the BMP in half. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}
