"""MkDocs entry point; the glue lives in handreiking_mkdocs.trees."""
from handreiking_mkdocs.trees import *  # noqa: F401,F403
