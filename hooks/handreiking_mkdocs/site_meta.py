"""MkDocs glue: put the policy version and site settings into every page's template data."""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from handreiking.core.errors import DataError
from handreiking.core.filecache import enabled, template_bytecode_cache
from handreiking.core.render import environment
from handreiking.sitewide.meta import template_data
from handreiking.core.langs import SOURCE
from handreiking_mkdocs.languages import language
from handreiking_mkdocs.project import project_root


@event_priority(100)
def on_config(config, **_):
    """Load data/versions.yml and data/site.yml once per language pass.

    Runs before the other plugins: the privacy plugin reads `site_url` in its own on_config to
    tell the site's own addresses (canonical links) from external files."""
    root = project_root(config)
    if enabled():  # the package's own templates (fragments, trees, print): compiled once too
        environment().bytecode_cache = template_bytecode_cache(root / ".cache" / "jinja")
    try:
        config.extra["handreiking"] = template_data(root)
    except DataError as exc:
        raise PluginError(str(exc)) from None
    # The web address is editor data (data/site.yml); MkDocs needs it for canonical links and the
    # sitemap. Only fill it in when mkdocs.yml does not set one (mike builds may).
    if not config.site_url and config.extra["handreiking"]["site_url"]:
        config.site_url = config.extra["handreiking"]["site_url"]
    return config


@event_priority(100)
def on_env(env, *, config, **_):
    """Compile each theme template once, not once per build, language and rebuild (a bytecode
    cache in memory and in .cache/jinja; a changed template compiles again)."""
    if enabled() and env.bytecode_cache is None:
        root = project_root(config)
        env.bytecode_cache = template_bytecode_cache(root / ".cache" / "jinja")
    return env


_NOT_FOUND: dict[str, str] = {}


def on_post_template(output_content, *, template_name, config, **_):
    """Give each language its own 404 page: nl at /404.html, en at /en/404.html.

    i18n renders the theme's 404.html once per language into the same file; keep the default
    language's copy at the root and write the others under their language folder.
    """
    if template_name != "404.html":
        return output_content
    lang = language(config)
    if lang == SOURCE:
        _NOT_FOUND[SOURCE] = output_content
        return output_content
    target = Path(config.site_dir) / lang / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output_content, encoding="utf-8")
    return _NOT_FOUND.get(SOURCE, output_content)
