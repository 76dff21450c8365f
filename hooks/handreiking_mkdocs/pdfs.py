"""MkDocs glue for the product PDFs (thin adapter around handreiking.pdf).

- on_config (first language pass): load data/producten.yml, start with a fresh renderer.
- on_page_content: `<!-- pdf-download: product -->` becomes a "Download als PDF" link with a
  placeholder for pages and size.
- before each page's on_page_content, and at on_env (priority -1000, every language): a product
  whose pages of this language are all rendered (with every other hook's on_page_content
  applied: trees, checklists, glossary) gets its print HTML built from the pages' HTML and goes
  to the renderer (cache hit, or a worker starts rendering while MkDocs renders the other
  pages and the next language). A folder starts as soon as its one page is done, instead of
  after the last page of the language: on 2 cores that keeps the second core busy.
- on_post_build (priority -1000, after the last language): wait for the worker, write
  site/pdf/<product>.<lang>.pdf and fill the placeholders in the written pages.

`make serve` (HANDREIKING_SERVE=1) renders nothing: cached PDFs are used, others are skipped.
`HANDREIKING_NO_PDF=1` (used by `make bench` to time the site without PDFs) does the same.
When nothing can come out that way (an empty PDF cache) the print documents are not made at all,
and a rebuild reuses the print documents of products whose pages did not change.
A warm build does not make the print documents either: `.cache/pdf/documents.json` maps a digest
of everything a document is made from (project stamp, renderer, metadata, chapters' HTML) to the
PDF's cache digest.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import shutil
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from handreiking.core.errors import DataError
from handreiking.core.filecache import enabled, file_stamp, folder_stamp, project_stamp
from handreiking.pdf.products import (MARKER, PDF_DIR, PdfRenderer, asset_resolver, default_cache_dir,
                             document_meta, download_link, fill_placeholders, info_text,
                             load_products)
from handreiking.core.render import TEMPLATES
from handreiking.core.urls import docs_url
from handreiking.pdf.pool import WorkerPool, set_current as set_current_pool
from handreiking.pdf.document import FONT_DIR, FONTS, Chapter, build_document
from handreiking.core.langs import SOURCE
from handreiking_mkdocs.project import project_root

log = logging.getLogger("mkdocs.plugins.handreiking.pdfs")


class _State:
    root: Path
    site_dir: Path
    catalogue = None
    renderer: PdfRenderer | None = None
    marker_pages: set = set()
    memo: dict = {}           # _memo_key -> document digest (see _MEMO_FILE)
    memo_new: dict = {}       # entries made by this build
    names: dict = {}          # result key -> PDF file name
    started = 0.0
    serve = False
    stamp: str | None = None  # project stamp of this build (see _project_stamp)
    submitted: set = set()    # (language, product id) whose print documents are submitted
    contexts: dict = {}       # language -> what its products are made with (_language_context)


_S = _State()

# Print documents of the latest build per language, by everything they are made from: a
# rebuild in `make serve` does not rewrite unchanged products (it only looks up their PDFs).
_DOCUMENTS: dict[str, dict[tuple, str]] = {}


def _inputs_stamp(config) -> tuple:
    """What a print document reads besides its chapters: assets (images), print templates
    and fonts."""
    folders = [Path(config.docs_dir), TEMPLATES]
    if config.theme.custom_dir:
        folders.append(Path(config.theme.custom_dir))
    return folder_stamp(*folders), tuple(file_stamp(FONT_DIR / f[3]) for f in FONTS)


_STAMP_FILE = "last-complete-build"
# Print document digests of earlier builds, by everything a document is made from (see
# _memo_key): a warm build looks its PDFs up without making the print HTML again.
_MEMO_FILE = "documents.json"
_MEMO_KEEP = 200


def _memo_key(meta, chapters, pad_to: int) -> str | None:
    """Digest of what one print document is made from: the project stamp (sources, data,
    templates, theme, package code, fonts), the renderer, the document's metadata and the
    rendered HTML of its chapters. None when the file cache is off."""
    if _S.stamp is None:
        return None
    h = hashlib.sha256()
    h.update(repr((_S.stamp, _S.renderer.fingerprint, pad_to,
                   dataclasses.astuple(meta))).encode("utf-8"))
    for chapter in chapters:
        h.update(repr((chapter.src, chapter.url, len(chapter.html))).encode("utf-8"))
        h.update(chapter.html.encode("utf-8"))
    return h.hexdigest()


def _memo_read() -> dict:
    try:
        data = json.loads(_read(_MEMO_FILE) or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _project_stamp(root: Path) -> str:
    """Digest of every file the PDFs can depend on (sources, theme, data, package code, fonts)."""
    return project_stamp(root, tuple(file_stamp(FONT_DIR / f[3]) for f in FONTS))


def _read(name: str) -> str | None:
    try:
        return (default_cache_dir(_S.root) / name).read_text(encoding="utf-8")
    except OSError:
        return None


def _write(name: str, text: str) -> None:
    try:
        folder = default_cache_dir(_S.root)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    except OSError:
        pass


def _i18n(config):
    return config.plugins.get("i18n")


def _lang(config) -> str:
    i18n = _i18n(config)
    if i18n is not None and i18n.current_language:
        return i18n.current_language
    return config.theme.get("language") or SOURCE


def _final_pass(config) -> bool:
    i18n = _i18n(config)
    return i18n is None or not i18n.building


def on_config(config, **_):
    """First language pass: load the products and start a fresh renderer."""
    if not _final_pass(config):
        return config
    if _S.renderer is not None:
        _S.renderer.abort()
    _S.root = project_root(config)
    _S.site_dir = Path(config.site_dir)
    _S.serve = (os.environ.get("HANDREIKING_SERVE") == "1"
                or os.environ.get("HANDREIKING_NO_PDF") == "1")
    try:
        _S.catalogue = load_products(_S.root)
    except DataError as exc:
        raise PluginError(str(exc)) from None
    # One pool of PDF workers for the whole build: the checklist PDFs (hooks/checklists.py)
    # go first on it, then the products.
    pool = WorkerPool()
    set_current_pool(pool)
    _S.renderer = PdfRenderer(default_cache_dir(_S.root), render_missing=not _S.serve,
                              pool=pool)
    # Warm a worker up while the pages build, unless nothing changed since the last build that
    # had every PDF (then all come from the cache, and starting WeasyPrint only costs CPU; a
    # miss still starts a worker on demand).
    _S.stamp = _project_stamp(_S.root) if enabled() else None
    if _S.stamp is None or _read(_STAMP_FILE) != _S.stamp:
        _S.renderer.prestart()
    _S.marker_pages = set()
    _S.names = {}
    _S.submitted = set()
    _S.contexts = {}
    _S.memo = _memo_read() if _S.stamp is not None else {}
    _S.memo_new = {}
    _S.started = time.perf_counter()
    return config


def on_page_content(html, *, page, config, files, **_):
    """Replace the download marker by a link to the page's product PDF. First, submit the
    products whose pages are all rendered by now (see _submit_products)."""
    if _S.catalogue is not None and _S.renderer is not None and not _S.serve:
        _submit_products(config, files, current_page=page)
    if "pdf-download" not in html:
        return html
    lang = _lang(config)

    def link(match):
        product_id = match.group(1)
        if _S.catalogue.get(product_id) is None:
            known = ", ".join(p.id for p in _S.catalogue.products)
            line = next((n for n, row in enumerate(page.markdown.splitlines(), 1)
                         if "pdf-download" in row), 1)
            raise PluginError(f"docs/{page.file.src_uri}:{line}: onbekend product "
                              f"'{product_id}' in <!-- pdf-download: ... -->; kies uit: {known} "
                              "(zie data/producten.yml).")
        return download_link(_S.catalogue.get(product_id), lang, page.url)

    out = MARKER.sub(link, html)
    if out != html:
        _S.marker_pages.add(page.file.abs_dest_path)
    return out


def _language_context(config, lang: str) -> dict:
    """What every product of this language pass is made with (once per language pass)."""
    ctx = _S.contexts.get(lang)
    if ctx is None:
        # No PDF can come out (nothing rendered, empty cache): don't make the print documents.
        needed = _S.renderer.needs_documents()
        ctx = {"needed": needed,
               "stamp": _inputs_stamp(config) if enabled() and needed else None,
               "resolve": asset_resolver(Path(config.docs_dir),
                                         *([Path(config.theme.custom_dir)]
                                           if config.theme.custom_dir else [])),
               "previous": _DOCUMENTS.get(lang, {}), "current": {}}
        _S.contexts[lang] = ctx
    return ctx


def _submit_products(config, files, current_page=None) -> None:
    """Submit the print document of every product whose pages of this language are all
    rendered (with every hook's on_page_content applied) and that is not submitted yet.

    Called before each page is rendered, so that a product goes to the PDF workers as soon as
    its last page is done (the workers start while MkDocs renders the other pages), and at
    on_env for the rest, where a page that is missing is an error.
    """
    lang = _lang(config)
    final = current_page is None
    by_url = {f.page.url: f.page for f in files.documentation_pages()
              if f.page is not None and f.page is not current_page}
    documents = []
    for product in _S.catalogue.products:
        if (lang, product.id) in _S.submitted:
            continue
        chapters = []
        for src in product.pages:
            url = docs_url(src, lang)
            page = by_url.get(url)
            if page is None or page.content is None:
                if not final:
                    break
                raise PluginError(f"data/producten.yml:{product.line}: pagina '{src}' van "
                                  f"product '{product.id}' is niet gebouwd in taal '{lang}' "
                                  f"(verwacht op /{url}); controleer de pagina en de vertaling.")
            chapters.append(Chapter(src, url, page.content))
        else:
            _S.submitted.add((lang, product.id))
            documents += _product_documents(config, product, lang, chapters)
    for key, html, pad_to, memo_key in sorted(documents, key=lambda d: -len(d[1])):
        digest = _S.renderer.submit(key, html, pad_to)  # largest first
        if memo_key:
            _S.memo_new[memo_key] = digest


def _product_documents(config, product, lang: str, chapters: list[Chapter]) -> list[tuple]:
    """(key, print HTML, pad_to, memo key) of each edition of one product still to render;
    editions known from the cache are taken from it."""
    ctx = _language_context(config, lang)
    documents = []
    for edition in product.editions():
        try:
            meta = document_meta(_S.root, product, lang, _S.catalogue, edition)
        except DataError as exc:
            raise PluginError(str(exc)) from None
        key = product.key(lang, edition)
        _S.names[key] = product.pdf_name(lang, edition)
        if not ctx["needed"]:
            _S.renderer.skip(key)
            continue
        pad_to = 4 if edition == "a5" else 0
        memo_key = _memo_key(meta, chapters, pad_to)
        digest = _S.memo.get(memo_key) if memo_key else None
        if digest and _S.renderer.submit_cached(key, digest):
            _S.memo_new[memo_key] = digest
            continue
        stamp = ctx["stamp"]
        memo = (dataclasses.astuple(meta), tuple((c.src, c.url, c.html) for c in chapters),
                stamp)
        html = ctx["previous"].get(memo) if stamp is not None else None
        if html is None:
            html, _ = build_document(meta, [Chapter(c.src, c.url, c.html) for c in chapters],
                                     ctx["resolve"])
        ctx["current"][memo] = html
        documents.append((key, html, pad_to, memo_key))
    return documents


@event_priority(-1000)
def on_env(env, *, config, files, **_):
    """All pages of this language are rendered: submit the products not submitted yet."""
    if _S.catalogue is None or _S.renderer is None:
        return env
    _submit_products(config, files)
    lang = _lang(config)
    ctx = _S.contexts.get(lang)
    _DOCUMENTS[lang] = ctx["current"] if ctx and ctx["stamp"] is not None else {}
    return env


@event_priority(-1000)
def on_post_build(*, config, **_):
    """After the last language: write the PDFs and fill in the download links."""
    if not _final_pass(config) or _S.renderer is None:
        return
    results = _S.renderer.finish()
    _S.renderer.pool.close()
    set_current_pool(None)
    _S.renderer = None
    if _S.stamp is not None and all(r.path is not None and not r.error
                                    for r in results.values()):
        _write(_STAMP_FILE, _S.stamp)
    if _S.memo_new and any(_S.memo.get(k) != v for k, v in _S.memo_new.items()):
        # This build's entries first, then the most recent others (a bounded file).
        kept = list(_S.memo_new.items()) + [(k, v) for k, v in _S.memo.items()
                                            if k not in _S.memo_new]
        _write(_MEMO_FILE, json.dumps(dict(kept[:_MEMO_KEEP]), indent=0))
    out_dir = _S.site_dir / PDF_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    infos, rendered, cached, skipped = {}, 0, 0, 0
    for key, result in sorted(results.items()):
        name = _S.names[key]
        lang = key.split(".")[1]
        if result.error:
            raise PluginError(f"pdf {name} kon niet worden gemaakt: {result.error}")
        for warning in result.warnings:
            # A missing glyph (a box on paper) or a resource that failed to load fails the
            # strict build; style-sheet notes from WeasyPrint are only logged.
            if ".notdef" in warning or warning.startswith("ERROR: "):
                log.warning(f"pdf {name}: {warning}")
            else:
                log.debug(f"pdf {name}: {warning}")
        if result.path is None:
            skipped += 1
            infos[name] = info_text(lang, None, None)
            continue
        shutil.copyfile(result.path, out_dir / name)
        timing = "cache" if result.cached else f"{result.seconds:.2f} s, CPU {result.cpu:.2f} s"
        log.debug(f"pdf {name}: {result.pages} p, {result.size} B, {timing}")
        infos[name] = info_text(lang, result.pages, result.size)
        cached += result.cached
        rendered += not result.cached
    for dest in sorted(_S.marker_pages):
        file = Path(dest)
        if not file.is_file():
            continue
        text = file.read_text(encoding="utf-8")
        new = fill_placeholders(text, infos)
        if new != text:
            file.write_text(new, encoding="utf-8")
    log.info(f"pdf: {len(results)} pdf's in {PDF_DIR}/ ({rendered} gemaakt, {cached} uit de "
             f"cache, {skipped} overgeslagen) in {time.perf_counter() - _S.started:.1f} s")


def on_build_error(**_):
    """Stop the worker when the build fails."""
    if _S.renderer is not None:
        _S.renderer.abort()
        _S.renderer = None
    set_current_pool(None)
