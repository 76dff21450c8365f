"""Site-wide build data: template data for every page (meta) and the output pinning
(output: sitemap dates, search index split)."""
