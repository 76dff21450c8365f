"""Product PDFs: the product catalogue and renderer with its cache (products), the print
document (document) and the WeasyPrint worker process (worker)."""
