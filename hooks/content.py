"""MkDocs entry point; the glue lives in handreiking_mkdocs.content."""
from handreiking_mkdocs.content import *  # noqa: F401,F403
