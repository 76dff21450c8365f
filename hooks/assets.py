"""MkDocs entry point; the glue lives in handreiking_mkdocs.assets."""
from handreiking_mkdocs.assets import *  # noqa: F401,F403
