"""Where things are in the project, and the site-wide data (versions, site settings)."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from handreiking.core.errors import DataError, Problem, display_path
from handreiking.core.filecache import cached
from handreiking.core.schema import load_valid
from handreiking.core.yamlload import load_shared

LANGUAGES = ("nl", "en")
YAML_FOLDERS = ("data", "checklists")


def yaml_files(root: Path) -> list[Path]:
    """Every YAML file editors maintain: under data/ and checklists/ (trees included)."""
    files = []
    for folder in YAML_FOLDERS:
        base = Path(root) / folder
        if base.is_dir():
            files += [p for p in base.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file()]
    return sorted(files)


def find_root(start: str | Path | None = None) -> Path:
    """The folder holding mkdocs.yml, searching upwards from `start` (default: cwd)."""
    here = Path(start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "mkdocs.yml").is_file():
            return candidate
    raise DataError(Problem(display_path(here), 1, "geen mkdocs.yml gevonden; start dit commando "
                            "in de map van het project."))


@dataclass(frozen=True)
class Version:
    """One policy version of the guidance."""

    id: str
    title: dict
    in_force: _dt.date
    status: str
    commit: str | None = None

    def date_label(self, lang: str) -> str:
        """Human date such as '17 mei 2024' / '17 May 2024' (no clock, no locale)."""
        return format_date(self.in_force, lang)


MONTHS = {
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}


def format_date(day: _dt.date, lang: str) -> str:
    """'17 mei 2024' in Dutch, '17 May 2024' in English."""
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def _parse_date(text: str, path: str, line: int) -> _dt.date:
    try:
        return _dt.date.fromisoformat(str(text))
    except ValueError:
        raise DataError(Problem(path, line, f"'{text}' is geen bestaande datum; schrijf "
                                "JJJJ-MM-DD, bijvoorbeeld 2024-05-17.")) from None


def load_versions(root: Path) -> list[Version]:
    """Read data/versions.yml; raise DataError with all problems found (cached until the file
    changes; the list is the caller's own)."""
    file = Path(root) / "data" / "versions.yml"
    return list(cached(file, root, lambda: tuple(_load_versions(root)), "versions"))


def _load_versions(root: Path) -> list[Version]:
    file = root / "data" / "versions.yml"
    data, shown = load_valid(file, root, "versions")
    problems: list[Problem] = []
    versions, seen = [], {}
    for i, item in enumerate(data["versies"]):
        line = data["versies"].line_of(i)
        if item["id"] in seen:
            problems.append(Problem(shown, item.line_of("id"), f"versie '{item['id']}' staat er "
                                    f"twee keer in (ook op regel {seen[item['id']]}); geef elke "
                                    "versie een eigen id."))
            continue
        seen[item["id"]] = line
        versions.append(Version(item["id"], dict(item["titel"]),
                                _parse_date(item["in_werking"], shown, item.line_of("in_werking")),
                                item["status"], item.get("commit")))
    current = [item for item in data["versies"] if item["status"] == "actueel"]
    if len(current) != 1:
        problems.append(Problem(shown, data.line_of("versies"),
                                f"er moet precies één versie met status 'actueel' zijn, gevonden: "
                                f"{len(current)}; zet de status van de oude versie op 'vervangen'."))
    if problems:
        raise DataError(problems)
    return versions


def current_version(root: Path) -> Version:
    """The version with status 'actueel'."""
    return next(v for v in load_versions(root) if v.status == "actueel")


@dataclass(frozen=True)
class SiteSettings:
    """Editor-managed settings from data/site.yml."""

    publisher: dict
    contact_email: str | None
    site_url: str | None


def load_site(root: Path) -> SiteSettings:
    """Read data/site.yml (cached until the file changes)."""
    file = Path(root) / "data" / "site.yml"
    return cached(file, root, lambda: _load_site(root), "site")


def _load_site(root: Path) -> SiteSettings:
    file = root / "data" / "site.yml"
    data, shown = load_valid(file, root, "site")
    # No publisher set (null): nothing is shown as publisher; `check` reports an open point.
    publisher = dict(data["uitgever"]) if data["uitgever"] else {lang: "" for lang in LANGUAGES}
    return SiteSettings(publisher, data["contact_email"], data["site_url"])


def check(root: Path) -> list[Problem]:
    """Validate versions and site settings; unset settings are open points, not errors."""
    problems: list[Problem] = []
    for loader in (load_versions, load_site):
        try:
            loader(root)
        except DataError as exc:
            problems.extend(exc.problems)
    if not problems:
        site = load_site(root)
        shown = "data/site.yml"
        data = load_shared(root / "data" / "site.yml", root)
        if not any(site.publisher.values()):
            problems.append(Problem(shown, data.line_of("uitgever"), "open punt: de uitgever van "
                                    "deze site is nog niet vastgesteld; site en pdf's tonen daarom "
                                    "geen uitgever. Vul 'uitgever' in zodra vaststaat wie de site "
                                    "uitgeeft.", "open"))
        if site.contact_email is None:
            problems.append(Problem(shown, data.line_of("contact_email"), "open punt: er is nog "
                                    "geen contactadres vastgesteld; de contactpagina toont daarom "
                                    "geen adres.", "open"))
        if site.site_url is None:
            problems.append(Problem(shown, data.line_of("site_url"), "open punt: het webadres van "
                                    "de actuele versie is nog niet vastgesteld (nodig voor QR-codes "
                                    "en colofons).", "open"))
    return problems
