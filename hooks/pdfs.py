"""MkDocs entry point; the glue lives in handreiking_mkdocs.pdfs."""
from handreiking_mkdocs.pdfs import *  # noqa: F401,F403
