"""MkDocs entry point; the glue lives in handreiking_mkdocs.versions."""
from handreiking_mkdocs.versions import *  # noqa: F401,F403
