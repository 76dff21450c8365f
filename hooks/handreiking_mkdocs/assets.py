"""MkDocs glue: the site's own stylesheets are served as one file.

`extra_css` in mkdocs.yml lists the stylesheets in overrides/assets/css/ (one per subject, so
they stay easy to edit). A browser waits for every stylesheet before the first paint, and on a
slow mobile connection each extra request costs a round trip, so the build writes them, in the
listed order, into one file (`assets/css/handreiking.css`) and pages link only that one. Material's
palette stylesheet is left out in overrides/main.html: with the site's own colours (primary and
accent `custom`, one scheme) none of its rules apply.
"""
from __future__ import annotations

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

BUNDLE = "assets/css/handreiking.css"
_SOURCES: list[str] = []


@event_priority(-100)
def on_config(config, **_):
    """Remember the listed stylesheets and link the bundle instead (each language pass)."""
    listed = [str(path) for path in config.extra_css]
    if listed and listed != [BUNDLE]:
        _SOURCES[:] = listed
    if _SOURCES:
        config.extra_css = [BUNDLE]
    return config


@event_priority(-100)
def on_files(files: Files, *, config, **_):
    """Add the bundle (the sources in order, each under a comment naming it); drop the parts."""
    if not _SOURCES:
        return files
    parts = []
    for path in _SOURCES:
        source = files.get_file_from_path(path)
        if source is None:
            raise FileNotFoundError(f"mkdocs.yml extra_css: {path} bestaat niet in overrides/")
        parts.append(f"/* {path} */\n" + source.content_string.rstrip() + "\n")
        files.remove(source)
    files.append(File.generated(config, BUNDLE, content="\n".join(parts)))
    return files
