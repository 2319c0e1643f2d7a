-- Who wrote a document (from a byline or the page's metadata), and the original page of an HTML import.
ALTER TABLE "Document" ADD COLUMN "author" TEXT;
ALTER TABLE "Document" ADD COLUMN "originalHtml" TEXT;
