"""Final touches on the built site (plain files, no MkDocs): per-language search, stable sitemap.

- `split_search_index`: Material writes one `search/search_index.json` for every language. Readers
  must only find pages in their own language, so each non-default language gets its own index
  under `<lang>/search/search_index.json` and is removed from the root index (which the default
  language keeps). `overrides/assets/js/material/head.js` makes pages of the other languages load
  their own index.
- `pin_sitemap`: MkDocs stamps every sitemap `<lastmod>` with today's date and the gzip copy with
  the clock. Pin each `<lastmod>` to the page's `herzien` date (or the policy version's date) and
  write the gzip with a fixed timestamp, so two builds of one commit are byte-identical.
"""
from __future__ import annotations

import datetime as _dt
import gzip
import io
import json
import re
from pathlib import Path


def _dump(data: dict) -> str:
    # Same shape as MkDocs' search plugin output (compact, UTF-8 kept).
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _lang_of(location: str, languages: list[str]) -> str | None:
    for lang in languages:
        if location == lang or location.startswith(lang + "/") or location.startswith(lang + "#"):
            return lang
    return None


def split_search_index(site_dir: Path, default: str, others: list[str]) -> dict[str, int]:
    """Move the docs of every language in `others` to `<lang>/search/search_index.json`.

    Returns the number of docs per language index. Idempotent: running it twice changes nothing.
    """
    root_index = site_dir / "search" / "search_index.json"
    if not root_index.is_file():
        return {}
    data = json.loads(root_index.read_text(encoding="utf-8"))
    docs = data.get("docs", [])
    config = data.get("config", {})
    counts: dict[str, int] = {}
    for lang in others:
        own = [d for d in docs if _lang_of(d.get("location", ""), [lang])]
        target = site_dir / lang / "search" / "search_index.json"
        if own or not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_dump({"config": {**config, "lang": [lang]}, "docs": own}),
                              encoding="utf-8")
        counts[lang] = len(own) if own else len(
            json.loads(target.read_text(encoding="utf-8"))["docs"])
    rest = [d for d in docs if not _lang_of(d.get("location", ""), others)]
    root_index.write_text(_dump({"config": {**config, "lang": [default]}, "docs": rest}),
                          encoding="utf-8")
    counts[default] = len(rest)
    return counts


_URL = re.compile(r"<url>(.*?)</url>", re.S)
_LOC = re.compile(r"<loc>(.*?)</loc>", re.S)
_LASTMOD = re.compile(r"<lastmod>[^<]*</lastmod>")


def pin_sitemap(site_dir: Path, dates: dict[str, str], default_date: str, prefix: str) -> int:
    """Set every `<lastmod>` in sitemap.xml to a date from the sources; rewrite sitemap.xml.gz.

    `dates` maps a page URL as MkDocs writes it (`over/`, `en/over/`, `` for the home page) to
    an ISO date; `prefix` is what the sitemap puts before it (the site_url). Pages without a
    date get `default_date`. Returns the number of `<url>` entries.
    """
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return 0
    text = sitemap.read_text(encoding="utf-8")
    count = 0

    def fix(match: re.Match) -> str:
        nonlocal count
        count += 1
        block = match.group(1)
        loc = _LOC.search(block)
        url = loc.group(1).strip() if loc else ""
        url = url[len(prefix):] if url.startswith(prefix) else url
        day = dates.get(url.lstrip("./"), default_date)
        return "<url>" + _LASTMOD.sub(f"<lastmod>{day}</lastmod>", block) + "</url>"

    text = add_x_default(_URL.sub(fix, text))
    sitemap.write_text(text, encoding="utf-8")
    stamp = _dt.datetime.combine(_dt.date.fromisoformat(default_date), _dt.time(),
                                 tzinfo=_dt.timezone.utc).timestamp()
    buf = io.BytesIO()
    with gzip.GzipFile(filename="sitemap.xml", mode="wb", fileobj=buf, mtime=int(stamp)) as gz:
        gz.write(text.encode("utf-8"))
    (site_dir / "sitemap.xml.gz").write_bytes(buf.getvalue())
    return count


def iso_date(value) -> str | None:
    """A front-matter date (date, datetime or 'YYYY-MM-DD' string) as ISO text, else None."""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            return None
    return None


def baseline_files(site_url: str | None, security_contact: str | None,
                   security_expires: str | None) -> dict[str, str]:
    """The government web baseline files at the site root, by relative path.

    - `robots.txt` pointing to the one sitemap, only with a web address (without one there is no
      sitemap either: nothing half-made);
    - `.well-known/security.txt` (RFC 9116: Contact, Expires, Preferred-Languages, Canonical),
      only when editors set a security contact and its expiry date. No clock: Expires is the
      editor's date (end of that day, UTC).

    >>> sorted(baseline_files(None, None, None))
    []
    >>> print(baseline_files("https://x.nl/", None, None)["robots.txt"], end="")
    User-agent: *
    Allow: /
    Sitemap: https://x.nl/sitemap.xml
    >>> print(baseline_files(None, "mailto:s@x.nl", "2027-01-31")[".well-known/security.txt"], end="")
    Contact: mailto:s@x.nl
    Expires: 2027-01-31T23:59:59Z
    Preferred-Languages: nl, en
    """
    files: dict[str, str] = {}
    if site_url:
        files["robots.txt"] = f"User-agent: *\nAllow: /\nSitemap: {site_url}sitemap.xml\n"
    if security_contact and security_expires:
        lines = [f"Contact: {security_contact}", f"Expires: {security_expires}T23:59:59Z",
                 "Preferred-Languages: nl, en"]
        if site_url:
            lines.append(f"Canonical: {site_url}.well-known/security.txt")
        files[".well-known/security.txt"] = "\n".join(lines) + "\n"
    return files


_ALTERNATE_NL = re.compile(r'(?P<indent>[ \t]*)<xhtml:link rel="alternate" hreflang="nl" '
                           r'href="(?P<href>[^"]*)"/>\n')


def add_x_default(text: str) -> str:
    """Give every sitemap entry an `x-default` alternate (the Dutch page: Dutch is the source
    language), next to the nl/en alternates the i18n plugin writes. Idempotent.

    >>> s = '<url>\\n  <xhtml:link rel="alternate" hreflang="nl" href="https://x.nl/a/"/>\\n</url>'
    >>> print(add_x_default(add_x_default(s)))
    <url>
      <xhtml:link rel="alternate" hreflang="nl" href="https://x.nl/a/"/>
      <xhtml:link rel="alternate" hreflang="x-default" href="https://x.nl/a/"/>
    </url>
    """
    if 'hreflang="x-default"' in text:
        return text
    return _ALTERNATE_NL.sub(lambda m: m.group(0) + f'{m["indent"]}<xhtml:link rel="alternate" '
                             f'hreflang="x-default" href="{m["href"]}"/>\n', text)
