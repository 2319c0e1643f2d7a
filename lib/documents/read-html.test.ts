import { expect, test } from "vitest";
import { MAX_ELEMENTS, readHtml, HtmlReadError } from "@/lib/documents/read-html";

const paragraphs = [
  "The leaders of the two countries met in Vladivostok on Wednesday and held talks that lasted more than four hours, officials said.",
  "They discussed cooperation in energy, transport and agriculture, and agreed to open a road bridge across the Tumen River next year.",
  "Both sides described the talks as frank and constructive, and said a further meeting would be held in Pyongyang before the end of the year.",
];

/** A news page as a browser saves it: navigation, a cookie banner, the article, related articles, a footer. */
function savedPage({ jsonLd = true, og = true } = {}) {
  return `<!doctype html>
<html lang="en-GB"><head>
  <meta charset="utf-8"><title>Leaders meet in Vladivostok | Example Daily</title>
  ${og ? `<meta property="og:title" content="Leaders meet in Vladivostok">
  <meta property="og:site_name" content="Example Daily">
  <meta property="article:published_time" content="2024-06-19T08:30:00+09:00">
  <link rel="canonical" href="https://daily.example.org/world/2024/06/leaders-meet">` : ""}
  ${jsonLd ? `<script type="application/ld+json">${JSON.stringify({
    "@context": "https://schema.org",
    "@graph": [{ "@type": "WebSite", name: "Example Daily" }, {
      "@type": "NewsArticle", headline: "Leaders meet in Vladivostok", datePublished: "2024-06-19",
      author: [{ "@type": "Person", name: "Jane Roe" }], publisher: { "@type": "Organization", name: "Example Daily News" },
    }],
  })}</script>` : ""}
  <style>body { font-family: serif }</style>
</head><body>
  <div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience. <button>Accept all</button> <a href="/privacy">Privacy policy</a></div>
  <header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li></ul></nav></header>
  <main><article>
    <h1>Leaders meet in Vladivostok</h1>
    <div class="share"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
    ${paragraphs.map((p) => `<p>${p.replace("four hours", "<b>four</b>\n   hours")}</p>`).join("\n    ")}
  </article>
  <aside class="related"><h2>Related articles</h2><ul>
    <li><a href="/a">Trade figures rise for third month in a row</a></li>
    <li><a href="/b">New rail link opens between the two capitals</a></li>
  </ul></aside></main>
  <footer>© 2024 Example Daily. All rights reserved.</footer>
  <script>console.log("tracking")</script>
</body></html>`;
}

test("a saved news page: the article's paragraphs, without navigation, cookie banner, related articles or footer", () => {
  const { text } = readHtml(savedPage());
  expect(text).toBe(["Leaders meet in Vladivostok", ...paragraphs].join("\n\n"));
  for (const chrome of ["cookies", "Politics", "Related articles", "Trade figures", "All rights reserved", "tracking", "font-family"]) {
    expect(text).not.toContain(chrome);
  }
});

test("metadata comes from the page: JSON-LD first, then Open Graph, then <title> and <html lang>", () => {
  expect(readHtml(savedPage()).meta).toEqual({
    title: "Leaders meet in Vladivostok",
    publisher: "Example Daily News",
    author: "Jane Roe",
    publishedOn: "2024-06-19",
    sourceUrl: "https://daily.example.org/world/2024/06/leaders-meet",
    language: "en",
  });
  const og = readHtml(savedPage({ jsonLd: false }));
  expect(og.meta).toMatchObject({ publisher: "Example Daily", publishedOn: "2024-06-19", title: "Leaders meet in Vladivostok" });
  expect(og.evidence.publishedOn).toBe("the page's article:published_time");
  const bare = readHtml(savedPage({ jsonLd: false, og: false }));
  expect(bare.meta.title).toBe("Leaders meet in Vladivostok");
  expect(bare.meta.publishedOn).toBeUndefined();
  expect(bare.meta.language).toBe("en");
});

test("a short page without an article keeps its body text, not its chrome", () => {
  const { text } = readHtml(`<html><body><nav>Home · About</nav><h1>Notice</h1><p>The office is closed on Monday.</p><footer>Contact</footer></body></html>`);
  expect(text).toBe("Notice\n\nThe office is closed on Monday.");
});

test("a page too big to read on the server is refused with the reason", () => {
  const huge = `<html><body>${"<span>x</span>".repeat(MAX_ELEMENTS + 1)}</body></html>`;
  expect(() => readHtml(huge)).toThrow(HtmlReadError);
  expect(() => readHtml(huge)).toThrow(/more than 20,000; save the article alone/);
});
