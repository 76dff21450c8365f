"""Where things are in the project, and the site-wide data (versions, site settings)."""
from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass
from pathlib import Path

from handreiking.core.errors import DataError, Problem, display_path
from handreiking.i18n import t
from handreiking.core.filecache import cached
from handreiking.core.schema import load_valid
from handreiking.core.yamlload import load_shared

from handreiking.core.langs import LANGUAGES  # noqa: E402,F401  (the one language list)
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


STATUSES = ("concept", "actueel", "vervangen", "ingetrokken")
# Environment variable set by `make release`/`make publish` for the mike build of one version:
# that version is shown as released, whatever else data/versions.yml holds.
SHOWN_ENV = "HANDREIKING_VERSIE"
# The folder of the current version in the site `make publish` exports (mike's alias); `site_url`
# in data/site.yml is the address of that site's root.
CURRENT_FOLDER = "actueel/"


def current_pages_url(site_url: str | None, environ=None) -> str | None:
    """The address of the current version's pages: `site_url` itself for a plain build, its
    actueel/ folder for a version built for `make publish` (HANDREIKING_VERSIE set); None
    without a web address.

    >>> current_pages_url("https://x.nl/", {}), current_pages_url("https://x.nl/", {SHOWN_ENV: "1"})
    ('https://x.nl/', 'https://x.nl/actueel/')
    """
    env = os.environ if environ is None else environ
    if not site_url:
        return None
    return site_url + CURRENT_FOLDER if env.get(SHOWN_ENV) else site_url


@dataclass(frozen=True)
class Version:
    """One policy version of the guidance.

    `in_force` is always a date, so output that needs one (PDF metadata, calendar files) stays
    deterministic; for a concept without `in_werking` (set by `make release`) it is the newest date
    of the other versions and `dated` is False (also for a withdrawn version without a date).
    """

    id: str
    title: dict
    in_force: _dt.date
    status: str
    commit: str | None = None
    dated: bool = True
    reason: dict | None = None          # ingetrokken: why (nl/en)
    approved_by: str | None = None      # goedgekeurd_door; None = open point
    approved_on: _dt.date | None = None  # goedgekeurd_op
    correction_of: str | None = None    # correctie_van: the policy version this corrects

    @property
    def draft(self) -> bool:
        """Not yet released (status concept): shown marked as a draft."""
        return self.status == "concept"

    @property
    def released(self) -> bool:
        """Released to readers and not withdrawn: published by `make publish`."""
        return self.status in ("actueel", "vervangen")

    @property
    def policy_id(self) -> str:
        """The policy version: a correction release keeps the one it corrects."""
        return self.correction_of or self.id

    def date_label(self, lang: str) -> str:
        """Human date such as '17 mei 2024' / '17 May 2024' (no clock, no locale); 'concept' /
        'draft' for a concept whose date `make release` has not set yet."""
        return format_date(self.in_force, lang) if self.dated else t(lang, 'dates.undated_draft')


def format_date(day: _dt.date, lang: str) -> str:
    """'17 mei 2024' in Dutch, '17 May 2024' in English (month names from the catalogue)."""
    return f"{day.day} {t(lang, 'dates.months')[day.month - 1]} {day.year}"


def format_month(day: _dt.date, lang: str) -> str:
    """'september 2024' in Dutch, 'September 2024' in English: a document that names no day."""
    return f"{t(lang, 'dates.months')[day.month - 1]} {day.year}"


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
    dates = [str(item["in_werking"]) for item in data["versies"] if item.get("in_werking")]
    fallback = max(dates) if dates else "2000-01-01"
    for i, item in enumerate(data["versies"]):
        line = data["versies"].line_of(i)
        if item["id"] in seen:
            problems.append(Problem(shown, item.line_of("id"), f"versie '{item['id']}' staat er "
                                    f"twee keer in (ook op regel {seen[item['id']]}); geef elke "
                                    "versie een eigen id."))
            continue
        seen[item["id"]] = line
        status = item["status"]
        if "in_werking" in item:
            in_force = _parse_date(item["in_werking"], shown, item.line_of("in_werking"))
        elif status in ("concept", "ingetrokken"):
            in_force = _parse_date(fallback, shown, line)
        else:
            problems.append(Problem(shown, line, f"versie '{item['id']}' ({status}) heeft geen "
                                    "'in_werking'; 'make release' zet die datum bij het "
                                    "publiceren. Vul de datum van publicatie in (JJJJ-MM-DD)."))
            continue
        if status == "ingetrokken" and not item.get("reden"):
            problems.append(Problem(shown, item.line_of("status"), f"versie '{item['id']}' is "
                                    "ingetrokken maar zonder reden; voeg 'reden:' toe met nl en en "
                                    "(lezers zien die op de pagina Versies)."))
        approved_on = None
        if item.get("goedgekeurd_op"):
            approved_on = _parse_date(item["goedgekeurd_op"], shown,
                                      item.line_of("goedgekeurd_op"))
        versions.append(Version(item["id"], dict(item["titel"]), in_force, status,
                                item.get("commit"), "in_werking" in item,
                                dict(item["reden"]) if item.get("reden") else None,
                                item.get("goedgekeurd_door"), approved_on,
                                item.get("correctie_van")))
    for status, what in (("actueel", "de actuele versie"), ("concept", "de volgende versie "
                                                                       "in voorbereiding")):
        found = [item for item in data["versies"] if item["status"] == status]
        if len(found) > 1:
            problems.append(Problem(shown, found[1].line_of("status"),
                                    f"er mag maar één versie met status '{status}' zijn ({what}), "
                                    f"gevonden: {len(found)}; zet de oude op 'vervangen'."
                                    if status == "actueel" else
                                    f"er mag maar één versie met status '{status}' zijn ({what}), "
                                    f"gevonden: {len(found)}; voeg de wijzigingen samen."))
    if not any(item["status"] in ("actueel", "concept") for item in data["versies"]):
        problems.append(Problem(shown, data.line_of("versies"),
                                "er is geen versie met status 'actueel' of 'concept'; de site "
                                "heeft dan geen versie om te tonen. Voeg een conceptversie toe."))
    ids = {item["id"] for item in data["versies"]}
    for item in data["versies"]:
        target = item.get("correctie_van")
        if target and target not in ids:
            problems.append(Problem(shown, item.line_of("correctie_van"), f"versie "
                                    f"'{item['id']}' is een correctie van '{target}', maar die "
                                    "versie staat er niet in; kies een bestaande versie."))
    if problems:
        raise DataError(problems)
    return versions


def shown_version(root: Path) -> Version:
    """The version this build shows (footer, PDFs, downloads, badges).

    A release build names it (environment HANDREIKING_VERSIE, set by `make release`/`publish`);
    otherwise the concept (the next version, shown marked as a draft) when there is one, else
    the version with status 'actueel'.
    """
    versions = load_versions(root)
    wanted = os.environ.get(SHOWN_ENV)
    if wanted:
        for version in versions:
            if version.id == wanted:
                return version
    return (next((v for v in versions if v.status == "concept"), None)
            or next(v for v in versions if v.status == "actueel"))


current_version = shown_version  # the name most callers use


@dataclass(frozen=True)
class SiteSettings:
    """Editor-managed settings from data/site.yml."""

    publisher: dict
    contact_email: str | None
    site_url: str | None
    security_contact: str | None = None   # security.txt Contact (RFC 9116), own field
    security_expires: str | None = None   # security.txt Expires, ISO date
    a11y_status: dict | None = None       # accessibility statement: status {nl, en}
    a11y_audit: str | None = None         # date of the last accessibility audit (ISO)


def load_site(root: Path) -> SiteSettings:
    """Read data/site.yml (cached until the file changes)."""
    file = Path(root) / "data" / "site.yml"
    return cached(file, root, lambda: _load_site(root), "site")


def _load_site(root: Path) -> SiteSettings:
    file = root / "data" / "site.yml"
    data, shown = load_valid(file, root, "site")
    # No publisher set (null): nothing is shown as publisher; `check` reports an open point.
    publisher = dict(data["uitgever"]) if data["uitgever"] else {lang: "" for lang in LANGUAGES}
    a11y = data.get("toegankelijkheid") or {}
    iso = lambda v: v.isoformat() if isinstance(v, _dt.date) else v  # noqa: E731
    return SiteSettings(publisher, data["contact_email"], data["site_url"],
                        data.get("beveiliging_contact"), iso(data.get("beveiliging_verloopt")),
                        dict(a11y["status"]) if a11y.get("status") else None,
                        iso(a11y.get("onderzocht")))


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
        problems += _baseline_problems(site, data, shown)
    problems += _publiccode_problems(root)
    return problems


def _baseline_problems(site: SiteSettings, data, shown: str,
                       today: _dt.date | None = None) -> list[Problem]:
    """Open points and warnings of the government web baseline fields (security.txt,
    accessibility statement). `today` is only for tests; the check reads the clock, the build
    never does."""
    today = today or _dt.date.today()
    line = lambda key: data.line_of(key) if key in data else 1  # noqa: E731
    problems = []
    if not site.security_contact:
        problems.append(Problem(shown, line("beveiliging_contact"), "open punt: er is nog geen "
                                "contact voor beveiligingsmeldingen; de site krijgt daarom geen "
                                "/.well-known/security.txt. Vul 'beveiliging_contact' in (eigen "
                                "adres, niet het feedbackadres) en 'beveiliging_verloopt'.", "open"))
    elif not site.security_expires:
        problems.append(Problem(shown, line("beveiliging_contact"), "'beveiliging_verloopt' "
                                "ontbreekt; security.txt moet een vervaldatum hebben (RFC 9116). "
                                "Vul een datum in, hoogstens een jaar vooruit."))
    if site.security_expires:
        expires = _dt.date.fromisoformat(site.security_expires)
        if expires <= today:
            problems.append(Problem(shown, line("beveiliging_verloopt"), "security.txt is "
                                    f"verlopen ({site.security_expires}); zet "
                                    "'beveiliging_verloopt' op een nieuwe datum, hoogstens een "
                                    "jaar vooruit, nadat u het contact hebt nagekeken."))
        elif (expires - today).days <= 30:
            problems.append(Problem(shown, line("beveiliging_verloopt"), "security.txt verloopt "
                                    f"op {site.security_expires}, binnen 30 dagen; kijk het "
                                    "contact na en zet 'beveiliging_verloopt' vooruit.",
                                    "waarschuwing"))
    if not site.a11y_status or not site.a11y_audit:
        problems.append(Problem(shown, line("toegankelijkheid"), "open punt: status en datum van "
                                "het laatste onderzoek van de toegankelijkheidsverklaring zijn nog "
                                "niet vastgesteld; de verklaring noemt daarom geen status. Vul "
                                "'toegankelijkheid' in zodra de uitgever ze vaststelt.", "open"))
    return problems


def _publiccode_problems(root: Path) -> list[Problem]:
    """Open points of publiccode.yml: every field left null (nobody here knows its value)."""
    file = Path(root) / "publiccode.yml"
    if not file.is_file():
        return []
    try:
        data = load_shared(file, root)
    except DataError as exc:
        return list(exc.problems)
    problems = []

    def walk(node, path):
        for key in list(node):
            value = node[key]
            if value is None:
                problems.append(Problem("publiccode.yml", node.line_of(key), f"open punt: "
                                        f"'{path}{key}' in publiccode.yml is nog niet bekend; vul "
                                        "het in zodra de uitgever het vaststelt.", "open"))
            elif isinstance(value, dict):
                walk(value, f"{path}{key}.")
    walk(data, "")
    return problems
