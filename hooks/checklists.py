"""MkDocs entry point; the glue lives in handreiking_mkdocs.checklists."""
from handreiking_mkdocs.checklists import *  # noqa: F401,F403
