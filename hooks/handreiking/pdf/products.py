"""Print PDFs of the products (both handreikingen, both folders, the animation script, the
instruction), in every language.

- `data/producten.yml` says which pages make up each product (`load_products`, `check`).
- `document.build_document` turns the pages' rendered HTML into one print document.
- `PdfRenderer` renders print documents in a worker process (`pdf.worker`), behind a cache keyed
  by the SHA-256 of the document and the renderer (WeasyPrint version, worker code, fonts):
  unchanged inputs are never rendered twice. Cache: `.cache/pdf/` in the project.
- `build_standalone` renders products straight from the Markdown (no MkDocs, so without the
  widgets other hooks add); used by `python -m handreiking.pdf`, the reproducibility test and the
  benchmark. The site build feeds the real page HTML in through `hooks/pdfs.py`.

Output is reproducible: every date comes from the version registry, nothing from the clock, the
time zone or the build folder.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata as _metadata
from pathlib import Path
from typing import Callable

from handreiking.core.errors import DataError, Problem
from handreiking.core.urls import docs_url
from handreiking.pdf.pool import WorkerPool, default_workers
from handreiking.pdf.document import FONT_DIR, FONTS, Chapter, DocumentMeta, build_document
from handreiking.core.project import LANGUAGES, current_pages_url, current_version, load_site
from handreiking.core.schema import load_valid, validate
from handreiking.core.yamlload import load_shared
from handreiking.i18n import by_language, t
from handreiking.core.langs import page_name

PRODUCTS_FILE = Path("data") / "producten.yml"
PDF_DIR = "pdf"                 # site/pdf/<product>.<lang>.pdf
CACHE_DIR = Path(".cache") / "pdf"
CACHE_KEEP = 64                 # rendered PDFs kept in the cache
MARKER = re.compile(r"<!--\s*pdf-download:\s*([^\s>]*)\s*-->")
LABELS = by_language("pdf.products")


# ----------------------------------------------------------------------------- the products
@dataclass(frozen=True)
class Product:
    """One printable product."""

    id: str
    title: dict
    audience: dict
    layout: str
    qr: bool
    pages: tuple[str, ...]
    line: int = 1
    booklet: bool = False

    def editions(self) -> list[str]:
        """'' (A4) and, for a booklet, 'a5' (A5 pages, a multiple of four, to print folded)."""
        return ["", "a5"] if self.booklet else [""]

    def pdf_name(self, lang: str, edition: str = "") -> str:
        """File name of this product's PDF in `lang`."""
        return pdf_name(self.id, lang, edition)

    def key(self, lang: str, edition: str = "") -> str:
        """Name of one rendering job: 'folder-nieuw.nl' or 'folder-nieuw.nl.a5'."""
        return f"{self.id}.{lang}" + (f".{edition}" if edition else "")


@dataclass(frozen=True)
class Catalogue:
    """All products and the licence text of the colophon."""

    products: tuple[Product, ...]
    licence: dict
    licence_open: str | None = None

    def get(self, product_id: str) -> Product | None:
        """The product with this id, or None."""
        return next((p for p in self.products if p.id == product_id), None)

    def by_page(self) -> dict[str, list[Product]]:
        """Dutch docs path -> the products it belongs to."""
        out: dict[str, list[Product]] = {}
        for product in self.products:
            for page in product.pages:
                out.setdefault(page, []).append(product)
        return out


def pdf_name(product_id: str, lang: str, edition: str = "") -> str:
    """'folder-nieuw', 'en' -> 'folder-nieuw.en.pdf'; edition 'a5' -> 'folder-nieuw.en.a5.pdf'."""
    return f"{product_id}.{lang}" + (f".{edition}" if edition else "") + ".pdf"


def english_path(page: str) -> str:
    """'a/b.md' -> 'a/b.en.md'."""
    return page[: -len(".md")] + ".en.md"


def source_path(page: str, lang: str) -> str:
    """The docs file of `page` in `lang`."""
    return page_name(page, lang)


def load_products(root: Path) -> Catalogue:
    """Read and validate data/producten.yml; raise DataError with every problem found."""
    file = root / PRODUCTS_FILE
    data, shown = load_valid(file, root, "producten")
    problems: list[Problem] = []
    products, seen = [], {}
    docs = root / "docs"
    for i, item in enumerate(data["producten"]):
        line = data["producten"].line_of(i)
        if item["id"] in seen:
            problems.append(Problem(shown, item.line_of("id"), f"product '{item['id']}' staat er "
                                    f"twee keer in (ook op regel {seen[item['id']]}); geef elk "
                                    "product een eigen id."))
            continue
        seen[item["id"]] = item.line_of("id")
        pages = item["paginas"]
        for j, page in enumerate(pages):
            for lang in LANGUAGES:
                src = source_path(page, lang)
                if not (docs / src).is_file():
                    problems.append(Problem(shown, pages.line_of(j), f"pagina 'docs/{src}' van "
                                            f"product '{item['id']}' bestaat niet; controleer de "
                                            "naam of maak de pagina (in het Nederlands en het "
                                            "Engels)."))
        if len(set(pages)) != len(pages):
            problems.append(Problem(shown, pages.line, f"product '{item['id']}' noemt een pagina "
                                    "twee keer; noem elke pagina één keer."))
        products.append(Product(item["id"], dict(item["titel"]), dict(item["doelgroep"]),
                                item["indeling"], bool(item.get("qr", False)), tuple(pages), line,
                                bool(item.get("boekje", False))))
    if problems:
        raise DataError(problems)
    licence = data["licentie"]
    if not licence:  # null: no licence confirmed, so the colophon claims none
        return Catalogue(tuple(products), {k: "" for k in LANGUAGES}, None)
    return Catalogue(tuple(products), {k: licence[k] for k in LANGUAGES}, licence.get("open"))


def check(root: Path) -> list[Problem]:
    """Validate the product list; report its open points (licence, QR without web address).

    A project without data/producten.yml has no print products (e.g. a test fixture): nothing
    to check here. The real project's PDFs are required by the tests in tests/test_pdfs.py.
    """
    if not (root / PRODUCTS_FILE).is_file():
        return []
    try:
        catalogue = load_products(root)
    except DataError as exc:
        return list(exc.problems)
    shown = PRODUCTS_FILE.as_posix()
    data = load_shared(root / PRODUCTS_FILE, root)
    problems = []
    if not data["licentie"]:
        problems.append(Problem(shown, data.line_of("licentie"), "open punt: de licentie van de "
                                "inhoud is nog niet bevestigd; de pdf's noemen daarom geen "
                                "licentie. Vul 'licentie' (nl en en) in zodra de uitgever haar "
                                "bevestigt.", "open"))
    if catalogue.licence_open:
        problems.append(Problem(shown, data["licentie"].line_of("open"),
                                f"open punt: {catalogue.licence_open}", "open"))
    for i, item in enumerate(data["producten"]):
        if item.get("open"):
            problems.append(Problem(shown, item.line_of("open"), f"open punt: {item['open']}",
                                    "open"))
    try:
        site = load_site(root)
    except DataError:
        site = None
    if site is not None and site.site_url is None:
        for i, item in enumerate(data["producten"]):
            if item.get("qr"):
                problems.append(Problem(shown, item.line_of("qr"), f"open punt: de pdf van "
                                        f"'{item['id']}' krijgt nog geen QR-code, want site_url in "
                                        "data/site.yml is nog niet ingevuld.", "open"))
    docs = root / "docs"
    for product in catalogue.products:
        first = docs / product.pages[0]
        if first.is_file() and not any(m == product.id for m in
                                        MARKER.findall(first.read_text(encoding="utf-8",
                                                                        errors="replace"))):
            problems.append(Problem(f"docs/{product.pages[0]}", 1, "open punt: zet onder de kop "
                                    f"'<!-- pdf-download: {product.id} -->' zodat lezers de pdf "
                                    "vinden.", "open"))
    return problems


def document_meta(root: Path, product: Product, lang: str, catalogue: Catalogue,
                  edition: str = "") -> DocumentMeta:
    """Cover and colophon data of `product` in `lang`, all from the project's data files."""
    version = current_version(root)
    site = load_site(root)
    # In a version built for `make publish` the current version's pages are under actueel/.
    pages_url = current_pages_url(site.site_url)
    web_url = pages_url + docs_url(product.pages[0], lang) if pages_url else None
    return DocumentMeta(
        product_id=product.id, lang=lang, title=product.title[lang],
        audience=product.audience[lang], layout=product.layout,
        version_id=version.id, version_title=version.title[lang],
        version_date_iso=version.in_force.isoformat(),
        version_date_label=version.date_label(lang),
        publisher=site.publisher[lang], licence=catalogue.licence[lang],
        site_url=pages_url, web_url=web_url, contact_email=site.contact_email,
        qr=product.qr, paper="A5" if edition == "a5" else "A4")


# ----------------------------------------------------------------------------- download links
def relative_href(from_url: str, target: str) -> str:
    """Relative link from the page at site URL `from_url` ('en/a/b/') to `target` ('pdf/x')."""
    depth = len([p for p in from_url.split("/")[:-1] if p])  # 'a/b/' -> 2, '' -> 0
    return "../" * depth + target


def human_size(size: int, lang: str) -> str:
    """'245 kB' / '1,2 MB' (nl) / '1.2 MB' (en)."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} kB"
    text = f"{size / 1_000_000:.1f}"
    return text.replace(".", t(lang, "numbers.decimal_separator")) + " MB"


def info_text(lang: str, pages: int | None, size: int | None) -> str:
    """The text after 'Download als PDF': '(12 pagina's, 245 kB)'."""
    labels = LABELS[lang]
    if pages is None or size is None:  # `make serve` renders no PDFs
        return f"({labels['preview']})"
    count = labels["page"] if pages == 1 else labels["pages"].format(n=pages)
    # No-break spaces: '12 pagina's' and '245 kB' never break apart on a phone.
    nbsp = "\u00a0"
    return f"({count.replace(' ', nbsp)}, {human_size(size, lang).replace(' ', nbsp)})"


def placeholder(name: str) -> str:
    """The span the final step fills in with pages and size of the PDF `name`.

    Empty until then, so the search index (built before the PDFs) holds no stale text.
    """
    return f'<span class="hr-pdf-info" data-hr-pdf="{name}"></span>'


def download_link(product: Product, lang: str, from_url: str) -> str:
    """HTML of the 'Download als PDF' link(s) on a product page (info filled in later)."""
    paragraphs = []
    for edition in product.editions():
        name = product.pdf_name(lang, edition)
        href = relative_href(from_url, f"{PDF_DIR}/{name}")
        label = LABELS[lang]["a5" if edition else "link"]
        css = "hr-pdf-booklet" if edition else "md-button"
        paragraphs.append(f'<p class="hr-pdf-download"><a class="{css}" href="{href}" '
                          f'type="application/pdf" hreflang="{lang}">{label} '
                          f'{placeholder(name)}</a></p>')
    return "\n".join(paragraphs)


def fill_placeholders(html: str, infos: dict[str, str]) -> str:
    """Replace every placeholder span whose PDF name is in `infos` by its final text."""
    def sub(m: re.Match) -> str:
        text = infos.get(m.group(1))
        return m.group(0) if text is None else f'<span class="hr-pdf-info">{text}</span>'
    return re.sub(r'<span class="hr-pdf-info" data-hr-pdf="([^"]+)">[^<]*</span>', sub, html)


# ----------------------------------------------------------------------------- rendering
@dataclass
class Result:
    """A rendered (or cached) PDF."""

    key: str
    path: Path | None
    pages: int = 0
    size: int = 0
    seconds: float = 0.0
    cached: bool = False
    cpu: float = 0.0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


def _version(dist: str) -> str:
    try:
        return _metadata.version(dist)
    except _metadata.PackageNotFoundError:
        return "?"


def renderer_fingerprint(font_dir: Path = FONT_DIR) -> str:
    """What besides the HTML decides the PDF bytes: library versions, worker code, font files."""
    parts = [f"weasyprint={_version('weasyprint')}", f"pydyf={_version('pydyf')}",
             hashlib.sha256((Path(__file__).parent / "worker.py").read_bytes()).hexdigest()]
    for _, _, _, name in FONTS:
        file = font_dir / name
        stat = file.stat() if file.is_file() else None
        parts.append(f"{name}:{stat.st_size if stat else 0}")
    return "\n".join(parts)


def _write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file: another build reading the cache never sees half a file."""
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def default_cache_dir(root: Path) -> Path:
    """`.cache/pdf` in the project, or $HANDREIKING_PDF_CACHE."""
    env = os.environ.get("HANDREIKING_PDF_CACHE")
    return Path(env) if env else root / CACHE_DIR


def render_checklists(jobs: list[tuple[str, Path]], workers: int | None = None,
                      pool: WorkerPool | None = None) -> list[str]:
    """Render checklist PDFs (print HTML, PDF file) in PDF worker processes (the product PDFs'
    worker, `handreiking.pdf.worker`, with the checklist's own render function: the same bytes
    as rendering in this process, without WeasyPrint's import and memory here). With the build's
    shared `pool` they go before its product PDFs; else a pool of their own renders them.
    Returns the error messages (empty when every PDF was written)."""
    if not jobs:
        return []
    own = pool is None
    if own:
        pool = WorkerPool(max(1, min(workers or default_workers(), len(jobs))))
    sources, keys = [], []
    try:
        for html, out in jobs:
            out = Path(out)
            out.parent.mkdir(parents=True, exist_ok=True)
            source = out.with_name(f"{out.name}.html-{os.getpid()}")
            _write_atomic(source, html)
            sources.append(source)
            key = f"checklist:{out}"
            keys.append(key)
            pool.submit({"key": key, "html": str(source), "out": str(out), "checklist": True},
                        len(html), priority=0)
        answers = pool.wait(keys)
        if own:
            pool.close()
        return [f"{Path(a['key'].split(':', 1)[1]).name}: {a['error']}"
                for a in answers.values() if a.get("error")]
    finally:
        if own:
            pool.kill()
        for source in sources:
            source.unlink(missing_ok=True)


class PdfRenderer:
    """Content-hash cache in front of a pool of worker processes (handreiking.pdf.pool) that
    render what is not cached.

    `submit()` returns at once; the pool's workers render in the background, largest document
    first. `finish()` waits for them and returns every result. Pass the build's shared `pool`
    (the checklist PDFs use it too), or the renderer makes its own.
    """

    def __init__(self, cache_dir: Path, render_missing: bool = True, workers: int | None = None,
                 python: str = sys.executable, env: dict | None = None,
                 pool: WorkerPool | None = None):
        self.cache_dir = Path(cache_dir)
        self.render_missing = render_missing
        self.own_pool = pool is None
        self.pool = pool if pool is not None else WorkerPool(workers, python, env)
        self.fingerprint = renderer_fingerprint()
        self.results: dict[str, Result] = {}
        self.pending: dict[str, str] = {}      # key -> digest

    def digest(self, html: str, pad_to: int = 0) -> str:
        """Content hash of one print document with the renderer."""
        text = f"{self.fingerprint}\npad_to={pad_to}\n{html}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def prestart(self) -> None:
        """Start one worker now, so it imports WeasyPrint while the build renders the pages."""
        if self.render_missing:
            self.pool.prestart()

    def needs_documents(self) -> bool:
        """False when no submitted document could give a PDF: nothing is rendered and the
        cache holds no PDF at all (HANDREIKING_NO_PDF or `make serve` on a fresh checkout).
        The caller may then `skip()` each job instead of making its print HTML."""
        if self.render_missing:
            return True
        try:
            with os.scandir(self.cache_dir) as entries:
                return any(entry.name.endswith(".pdf") for entry in entries)
        except OSError:
            return False

    def skip(self, key: str) -> None:
        """Record a job without a PDF (see needs_documents)."""
        self.results[key] = Result(key, None)

    def submit_cached(self, key: str, digest: str) -> bool:
        """Take job `key` from the cache by the digest of its print document (known from an
        earlier build), without making the document again; False when that PDF is gone."""
        pdf = self.cache_dir / f"{digest}.pdf"
        try:
            data = json.loads((self.cache_dir / f"{digest}.json").read_text(encoding="utf-8"))
            os.utime(pdf)
        except (OSError, ValueError):
            return False
        self.results[key] = Result(key, pdf, data["pages"], data["size"], 0.0, True)
        return True

    def submit(self, key: str, html: str, pad_to: int = 0) -> str:
        """Queue one document (or take it from the cache); returns its digest.

        `pad_to`: add blank pages where the document marks it until the page count is a
        multiple of this (booklets: 4).
        """
        digest = self.digest(html, pad_to)
        pdf = self.cache_dir / f"{digest}.pdf"
        info = self.cache_dir / f"{digest}.json"
        if pdf.is_file() and info.is_file():
            data = json.loads(info.read_text(encoding="utf-8"))
            os.utime(pdf)
            self.results[key] = Result(key, pdf, data["pages"], data["size"], 0.0, True)
            return digest
        if not self.render_missing:
            self.results[key] = Result(key, None)
            return digest
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        source = self.cache_dir / f"{digest}.html"
        _write_atomic(source, html)
        self.pool.submit({"key": f"product:{key}", "html": str(source), "out": str(pdf),
                          "identifier": digest[:32], "pad_to": pad_to}, len(html))
        self.pending[key] = digest
        return digest

    def finish(self) -> dict[str, Result]:
        """Wait for the workers; store what they rendered in the cache; return every result."""
        answers = self.pool.wait(f"product:{key}" for key in self.pending)
        if self.own_pool:
            self.pool.close()
        for key, digest in list(self.pending.items()):
            answer = answers[f"product:{key}"]
            pdf = self.cache_dir / f"{digest}.pdf"
            self.results[key] = Result(key, pdf if not answer["error"] else None,
                                       answer["pages"], answer["size"], answer["seconds"], False,
                                       answer.get("cpu", 0.0), answer["warnings"],
                                       answer["error"])
            if not answer["error"]:
                _write_atomic(self.cache_dir / f"{digest}.json", json.dumps(
                    {"key": key, "pages": answer["pages"], "size": answer["size"],
                     "seconds": answer["seconds"], "cpu": answer.get("cpu", 0.0)}))
        if self.pending:
            self.prune()
        self.pending = {}
        return dict(self.results)

    def abort(self) -> None:
        """Stop this renderer's workers (build error, serve restart)."""
        self.pool.kill()

    def prune(self, keep: int = CACHE_KEEP, grace: float = 600.0) -> None:
        """Keep the `keep` most recently used PDFs in the cache.

        Files touched in the last `grace` seconds stay, so a build running at the same time in
        the same project never loses a file it is about to use. (The clock is used for the
        cache only, never for output.)
        """
        now = time.time()

        def age(path: Path) -> float:
            try:
                return now - path.stat().st_mtime
            except FileNotFoundError:
                return 0.0
        pdfs = sorted(self.cache_dir.glob("*.pdf"), key=age)
        for old in pdfs[keep:]:
            if age(old) > grace:
                for suffix in (".pdf", ".json", ".html"):
                    old.with_suffix(suffix).unlink(missing_ok=True)
        for source in self.cache_dir.glob("*.html"):
            if not source.with_suffix(".pdf").is_file() and age(source) > grace:
                source.unlink(missing_ok=True)


# ----------------------------------------------------------------------------- standalone
MARKDOWN_EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html",
                       "tables", "toc", "pymdownx.details", "pymdownx.superfences",
                       "pymdownx.blocks.admonition", "pymdownx.blocks.details"]
FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n---\s*\n", re.S)


def markdown_chapters(root: Path, product: Product, lang: str) -> list[Chapter]:
    """The product's pages rendered from Markdown only (no hooks, so no widgets)."""
    import markdown
    md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)
    chapters = []
    for page in product.pages:
        text = (root / "docs" / source_path(page, lang)).read_text(encoding="utf-8")
        html = md.reset().convert(FRONT_MATTER.sub("", text, count=1))
        chapters.append(Chapter(page, docs_url(page, lang), html))
    return chapters


def asset_resolver(*folders: Path) -> Callable[[str], str | None]:
    """Site-relative path -> file:// URI of the first folder that has it (or None)."""
    def resolve(path: str) -> str | None:
        for folder in folders:
            file = (folder / path).resolve()
            if file.is_file() and folder.resolve() in file.parents:
                return file.as_uri()
        return None
    return resolve


def build_standalone(root: Path, out_dir: Path, cache_dir: Path,
                     product_ids: list[str] | None = None,
                     langs: tuple[str, ...] = LANGUAGES) -> list[Result]:
    """Render products from Markdown into `out_dir`; return one Result per PDF (in order)."""
    catalogue = load_products(root)
    chosen = [p for p in catalogue.products if not product_ids or p.id in product_ids]
    unknown = set(product_ids or []) - {p.id for p in catalogue.products}
    if unknown:
        raise DataError(Problem(PRODUCTS_FILE.as_posix(), 1, f"onbekend product: "
                                f"{', '.join(sorted(unknown))}."))
    renderer = PdfRenderer(cache_dir)
    resolve = asset_resolver(root / "docs", root / "overrides")
    keys, documents = [], []
    for product in chosen:
        for lang in langs:
            for edition in product.editions():
                meta = document_meta(root, product, lang, catalogue, edition)
                html, _ = build_document(meta, markdown_chapters(root, product, lang), resolve)
                key = product.key(lang, edition)
                documents.append((key, html, 4 if edition == "a5" else 0))
                keys.append((key, product.pdf_name(lang, edition)))
    for key, html, pad_to in sorted(documents, key=lambda d: -len(d[1])):  # largest first
        renderer.submit(key, html, pad_to)
    results = renderer.finish()
    out_dir.mkdir(parents=True, exist_ok=True)
    ordered = []
    for key, name in keys:
        result = results[key]
        if result.path is not None:
            (out_dir / name).write_bytes(result.path.read_bytes())
        ordered.append(result)
    return ordered


def main(argv: list[str] | None = None) -> int:
    """`python -m handreiking.pdf`: render products from Markdown (quick look, tests, bench)."""
    parser = argparse.ArgumentParser(prog="python -m handreiking.pdf",
                                     description="Maak de pdf's van de producten uit de Markdown "
                                     "(zonder beslisbomen en checklists; de site-build maakt de "
                                     "volledige pdf's).")
    parser.add_argument("--root", default=None, help="projectmap")
    parser.add_argument("--product", action="append", help="alleen dit product (herhaalbaar)")
    parser.add_argument("--lang", action="append", choices=LANGUAGES, help="alleen deze taal")
    parser.add_argument("--out", default="build-pdf", help="doelmap (standaard: build-pdf)")
    parser.add_argument("--cache", default=None, help="cachemap (standaard: .cache/pdf)")
    args = parser.parse_args(argv)
    from handreiking.core.project import find_root
    try:
        root = find_root(args.root)
        started = time.perf_counter()
        results = build_standalone(root, Path(args.out), Path(args.cache) if args.cache
                                   else default_cache_dir(root), args.product,
                                   tuple(args.lang) if args.lang else LANGUAGES)
    except DataError as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        return 1
    failed = 0
    for r in results:
        state = "cache" if r.cached else f"{r.seconds:.2f} s"
        print(f"{r.key:36} {r.pages:3d} p  {r.size / 1000:7.1f} kB  {state}"
              + (f"  FOUT: {r.error}" if r.error else ""))
        failed += bool(r.error)
    print(f"totaal {time.perf_counter() - started:.2f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
