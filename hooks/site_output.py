"""MkDocs entry point; the glue lives in handreiking_mkdocs.site_output."""
from handreiking_mkdocs.site_output import *  # noqa: F401,F403
