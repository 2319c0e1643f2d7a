-- Knowledge-base items keep references into other knowledge bases (brat normalisations, "Wikidata:Q42").
ALTER TABLE "CanonicalItem" ADD COLUMN "externalIds" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
