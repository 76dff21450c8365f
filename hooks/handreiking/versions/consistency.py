"""`data/versions.yml` tells one story (issue 14): dates in order with the status, versions on
one day in number order, the current version not in the future.

- every version that is 'vervangen' (superseded) took effect before the 'actueel' one (or on
  its day with a lower number), and a dated 'concept' not before it; in file order the dated
  versions never go back in time;
- two versions on one day (a release and its correction, say) follow each other by number, as
  the versions page orders them (`versions.changes`): a superseded version on the current
  one's day must have the lower number;
- `future(root, today)`: the current version is not dated after today. Only `handreiking check`
  and `make release` compare with the clock; the build never does, so its output never depends
  on the day it runs.

Messages are `data/versions.yml:line` with how to fix it. Runs after `core.project` accepted
the file (a file it refuses gives no messages here).
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

from handreiking.core.errors import DataError, Problem
from handreiking.core.project import load_versions
from handreiking.core.yamlload import load_shared

SHOWN = "data/versions.yml"


def _dated(root: Path):
    """(item, date, line) of every version with an 'in_werking' date, in file order."""
    try:
        load_versions(root)
    except DataError:
        return []
    data = load_shared(Path(root) / "data" / "versions.yml", root)
    out = []
    for item in data["versies"]:
        value = item.get("in_werking")
        if isinstance(value, _dt.date):
            out.append((item, value, item.line_of("in_werking")))
    return out


def _number(version_id: str) -> tuple:
    """'2024.10' -> (2024, 10): versions on one day follow each other by number."""
    return tuple(int(p) if p.isdigit() else 0 for p in str(version_id).split("."))


def check(root: Path) -> list[Problem]:
    """Order and uniqueness of the dates (no clock)."""
    dated = _dated(root)
    problems: list[Problem] = []
    current = [(item, day, line) for item, day, line in dated if item["status"] == "actueel"]
    if current:
        cur, cur_day, cur_line = current[0]
        for item, day, line in dated:
            if (item["status"] == "vervangen" and day == cur_day
                    and _number(item["id"]) > _number(cur["id"])):
                problems.append(Problem(SHOWN, line, f"versie '{item['id']}' is vervangen maar "
                                        f"gaat op dezelfde dag in als de actuele versie "
                                        f"'{cur['id']}' (regel {cur_line}) en heeft een hoger "
                                        "nummer; twee versies op één dag volgen elkaar op "
                                        "nummer op. Controleer de datum, het nummer of de "
                                        "status."))
            elif item["status"] == "vervangen" and day > cur_day:
                problems.append(Problem(SHOWN, line, f"versie '{item['id']}' is vervangen maar "
                                        f"gaat in op {day.isoformat()}, niet vóór de actuele "
                                        f"versie '{cur['id']}' ({cur_day.isoformat()}, regel "
                                        f"{cur_line}); controleer de datum of de status."))
            elif item["status"] == "concept" and day < cur_day:
                problems.append(Problem(SHOWN, line, f"conceptversie '{item['id']}' gaat in op "
                                        f"{day.isoformat()}, niet ná de actuele versie "
                                        f"'{cur['id']}' ({cur_day.isoformat()}); controleer de "
                                        "datum of de status."))
    for (a, a_day, _), (b, b_day, b_line) in zip(dated, dated[1:]):
        if b_day < a_day and a["status"] != "ingetrokken" and b["status"] != "ingetrokken":
            problems.append(Problem(SHOWN, b_line, f"versie '{b['id']}' ({b_day.isoformat()}) "
                                    f"staat na versie '{a['id']}' ({a_day.isoformat()}) maar is "
                                    "ouder; zet de versies op volgorde van datum."))
    return problems


def future(root: Path, today: _dt.date | None = None) -> list[Problem]:
    """The current version dated after today (for `handreiking check` and `make release`)."""
    today = today or _dt.date.today()
    return [Problem(SHOWN, line, f"de actuele versie '{item['id']}' gaat pas in op "
                    f"{day.isoformat()}, na vandaag ({today.isoformat()}); een actuele versie "
                    "kan niet in de toekomst liggen. Controleer de datum.")
            for item, day, line in _dated(root) if item["status"] == "actueel" and day > today]
