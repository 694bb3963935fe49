// lawdiff's search directory: what a query can name directly — laws, articles, chapters and sections, instruments,
// proposals and charge names (罪名) — with their pages (paths from this language's root). A script rather than
// JSON, so that a page opened from disk (file://) can load it too.
window.LAWDIFF_DIRECTORY = {{ directory|tojson }};
