"""`captioncheck audit`: published pages (URLs, sitemaps, saved HTML) fetched, extracted and checked."""
