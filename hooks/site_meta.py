"""MkDocs entry point; the glue lives in handreiking_mkdocs.site_meta."""
from handreiking_mkdocs.site_meta import *  # noqa: F401,F403
