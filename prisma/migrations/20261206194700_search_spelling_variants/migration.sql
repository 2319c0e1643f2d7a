-- Search finds the spelling variants the knowledge base already treats as one name (issue 16):
-- "Kim Jong-un" and "Kim Jong Un", "P'yŏngyang" and "Pyongyang", "Gdańsk" and "Gdansk". The fold
-- follows lib/server/knowledge/normalize-name.ts, in SQL, for indexed text and queries alike:
--   * apostrophes are dropped (P'yŏngyang → Pyŏngyang, Kim's → Kims, which stems to kim);
--   * letters lose their diacritics: NFKD, combining diacritical marks (U+0300–U+036F) removed,
--     then NFC again so that scripts built from other marks (Hangul jamo, kana voicing) recompose;
--     letters that do not decompose are transliterated (ø → o, ł → l, đ → d, ß → ss, æ → ae …);
--   * a hyphen inside a word separates its parts (Jong-un → Jong un). A "-" after a space or at
--     the start stays, so a search's "-word" still excludes. Compounds are still found by either
--     part, and by the whole as a phrase.
-- Dashes and non-ASCII punctuation become "-" and spaces as before. The function is IMMUTABLE
-- and used by the GIN expression indexes, so they are rebuilt with it.
CREATE OR REPLACE FUNCTION search_normalize(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN regexp_replace(
  regexp_replace(
    replace(replace(replace(replace(replace(replace(
      normalize(
        regexp_replace(
          normalize(
            translate(
              value,
              E'\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D\u00D8\u00F8\u0141\u0142\u0110\u0111\u0126\u0127\u0131\u013F\u0140\u0027\u2018\u2019\u02BB\u02BC\u02BD\u0060\u00B4\u2032',
              '----------OoLlDdHhiLl'
            ),
            NFKD
          ),
          '[\u0300-\u036F]', '', 'g'
        ),
        NFC
      ),
      E'\u00DF', 'ss'), E'\u1E9E', 'SS'), E'\u00C6', 'AE'), E'\u00E6', 'ae'), E'\u0152', 'OE'), E'\u0153', 'oe'),
    '[\u00A0\u00A1\u00A7\u00AB\u00B6\u00B7\u00BB\u00BF\u060C\u061B\u061F\u066A-\u066D\u06D4\u0964\u0965\u2000-\u200B\u200E\u200F\u2016-\u206F\u3000-\u3003\u3008-\u3011\u3014-\u301F\u30FB\uFE10-\uFE19\uFE30-\uFE4F\uFE50-\uFE57\uFE59-\uFE62\uFE64-\uFE6B\uFEFF\uFF01-\uFF0C\uFF0E\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65]',
    ' ',
    'g'
  ),
  '([^[:space:][:punct:]])-(?=[^[:space:][:punct:]])',
  '\1 ',
  'g'
);

REINDEX INDEX "Document_search_idx";
REINDEX INDEX "Annotation_search_idx";
