"""The small core every feature builds on: errors (Dutch path:line problems), the YAML loader
with line numbers, JSON Schemas, the file cache, the project (versions, site data, languages),
page URLs (urls), the one Markdown source model and heading parser (docs) and the one Jinja
environment for HTML fragments (render). Nothing here knows a feature."""
