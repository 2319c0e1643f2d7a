// A document's language is free text from imports ("en", "English", "<b>x</b>"), and
// Intl.Segmenter throws a RangeError on a malformed tag — which took down every page that
// segments the text (dashboard, agreement, the viewer's snap to words). Every segmenter is made
// through this, so a bad tag falls back instead of throwing.

/** `language` if Intl knows it as a locale, else `fallback`. */
export function segmenterLocale(language: string | null | undefined, fallback = "en"): string {
  if (!language) return fallback;
  try {
    return Intl.Segmenter.supportedLocalesOf([language])[0] ?? fallback;
  } catch {
    return fallback;
  }
}
