"""`handreiking` command line: `check` (editors' validation) and `build` (atomic site build).

Works after a plain `pip install .` (no make needed, e.g. on Windows). Errors are printed as
`path:line: melding` and give exit code 1; there is never a traceback for an editor's mistake.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from handreiking.checks.registry import run_checks
from handreiking.core.errors import DataError, Problem

def _print_problems(problems: list[Problem], show_open: bool) -> int:
    from handreiking.checks.open_points import unique_open
    errors = [p for p in problems if p.severity == "fout"]
    opens = unique_open(problems)
    for p in errors:
        print(p, file=sys.stderr)
    for p in problems:  # warnings (e.g. a rule restated in prose) are shown but do not fail
        if p.severity == "waarschuwing":
            print(p)
    if show_open:
        for p in opens:
            print(p)
    if errors:
        print(f"\n{len(errors)} fout(en) gevonden; herstel ze en draai 'make check' "
              "opnieuw.", file=sys.stderr)
        return 1
    print(f"Geen fouten. {len(opens)} open punt(en)"
          + (" (toon ze met 'make open')." if opens and not show_open else "."))
    warnings = [p for p in problems if p.severity == "waarschuwing"]
    restated = sum(1 for p in warnings if not p.path.startswith("data/site.yml"))
    if restated:
        print(f"{restated} waarschuwing(en): zinnen die een vastgelegde regel in eigen woorden "
              "lijken te herhalen (zie hierboven; 'make regel ID=…' toont ze per regel).")
    if len(warnings) > restated:
        print(f"{len(warnings) - restated} waarschuwing(en) over data/site.yml (zie hierboven).")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Validate all editor data and content."""
    from handreiking.core.project import find_root
    root = find_root(args.root)
    if getattr(args, "leesbaarheid", False):
        from handreiking.content.check import readability_report
        print("Leesbaarheid per pagina (gemiddelde zinslengte; aandeel lange woorden):")
        for line in readability_report(root):
            print(f"  {line}")
    from handreiking.versions.consistency import future
    # Only the check (and make release) compares with today; the build never reads the clock.
    return _print_problems(sorted(set(run_checks(root)) | set(future(root))), args.open)


def cmd_translated(args: argparse.Namespace) -> int:
    """Mark English pages as translations of the current Dutch text (stamps `vertaald_van`)."""
    from handreiking.content.translations import stamp_translation
    from handreiking.core.project import find_root
    root = find_root(args.root)
    for path in args.paths:
        if path.endswith((".yml", ".yaml")):
            from handreiking.content.yaml_translations import stamp_yaml
            print(stamp_yaml(root, path, args.reden))
        else:
            print(stamp_translation(root, path, args.reden))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Check, then build into a temporary folder and swap it in only when everything succeeded."""
    from handreiking.core.project import find_root
    root = find_root(args.root)
    problems = run_checks(root)
    if any(p.severity == "fout" for p in problems):
        _print_problems(problems, False)
        print("De site is niet gebouwd; de vorige versie in site/ is ongewijzigd.", file=sys.stderr)
        return 1
    editors = getattr(args, "redactie", False)
    target = root / (args.site_dir or ("site-redactie" if editors else "site"))
    tmp = root / ".build" / f"site.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.parent.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    if editors:  # the editors' pages (docs/redactie/) too; never publish this folder
        env["HANDREIKING_REDACTIE"] = "1"
    else:
        env.pop("HANDREIKING_REDACTIE", None)
    started = time.perf_counter()
    # Never pass --quiet: it hides warnings from --strict, so a broken link would pass.
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp)]
    if args.config:
        cmd += ["-f", args.config]
    result = subprocess.run(cmd, cwd=root, env=env)
    if result.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        print("\nDe build is mislukt (zie de meldingen hierboven); de vorige versie in site/ is "
              "ongewijzigd.", file=sys.stderr)
        return 1
    old = root / ".build" / f"site.old-{os.getpid()}"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    tmp.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    print(f"Site gebouwd in {target} ({time.perf_counter() - started:.1f} s).")
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    """Publish the current sources as a policy version (see handreiking.publish.release)."""
    from handreiking.core.project import find_root
    from handreiking.publish.release import BRANCH, ReleaseError, release
    root = find_root(args.root)
    try:
        steps = release(root, args.version, args.alias, args.branch or BRANCH)
    except ReleaseError as exc:
        print(f"Publiceren gestopt: {exc}", file=sys.stderr)
        return 1
    except DataError as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        print(f"\nPubliceren gestopt: herstel eerst de {len(exc.problems)} fout(en) hierboven "
              "(controleer met 'make check'). Er is niets gepubliceerd.",
              file=sys.stderr)
        return 1
    print("Tijd per stap: " + ", ".join(f"{s.name} {s.seconds:.1f} s" for s in steps))
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    """Export the multi-version site into a folder (optionally rebuilding every version)."""
    from handreiking.core.project import find_root
    from handreiking.publish.release import BRANCH, ReleaseError, publish
    root = find_root(args.root)
    target = Path(args.target)
    if not target.is_absolute():
        target = root / target
    try:
        _, steps = publish(root, target, args.herbouw, args.branch or BRANCH, args.voorbeeld)
    except ReleaseError as exc:
        print(f"Klaarzetten gestopt: {exc}", file=sys.stderr)
        return 1
    except DataError as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        print("\nKlaarzetten gestopt: herstel eerst de fout(en) hierboven (make check).",
              file=sys.stderr)
        return 1
    print("Tijd per stap: " + ", ".join(f"{s.name} {s.seconds:.1f} s" for s in steps))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `handreiking` console script."""
    parser = argparse.ArgumentParser(prog="handreiking", description="Handreiking IHH: "
                                     "controleren en bouwen.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_check = sub.add_parser("check", help="controleer alle YAML en Markdown")
    p_check.add_argument("--root", help="projectmap (standaard: huidige map)")
    p_check.add_argument("--open", action="store_true", help="toon ook alle open punten")
    p_check.add_argument("--leesbaarheid", action="store_true", help="toon per pagina de "
                         "gemiddelde zinslengte en het aandeel lange woorden")
    p_check.set_defaults(func=cmd_check)
    p_translated = sub.add_parser("vertaald", help="markeer Engelse pagina's als bijgewerkt "
                                  "naar de huidige Nederlandse tekst")
    p_translated.add_argument("paths", nargs="+", metavar="PAD",
                              help="Engelse pagina, bijvoorbeeld docs/over.en.md, of een "
                              "YAML-bestand, bijvoorbeeld checklists/vertrek.yml")
    p_translated.add_argument("--reden", default=None, help="waarom de Engelse tekst niet hoefde "
                              "te veranderen (bijvoorbeeld: alleen een tikfout in het Nederlands)")
    p_translated.add_argument("--root")
    p_translated.set_defaults(func=cmd_translated)
    p_build = sub.add_parser("build", help="controleer en bouw de hele site (atomair)")
    p_build.add_argument("--root")
    p_build.add_argument("--site-dir", help="doelmap (standaard: site)")
    p_build.add_argument("--config", help="ander mkdocs-configuratiebestand")
    p_build.add_argument("--redactie", action="store_true", help="bouw ook de redactiepagina's "
                         "(docs/redactie/), standaard in site-redactie/; nooit publiceren")
    p_build.set_defaults(func=cmd_build)
    p_release = sub.add_parser("release", help="publiceer de huidige bronnen als beleidsversie "
                               "(mike, lokale branch; niets wordt gepusht)")
    p_release.add_argument("version", metavar="VERSIE", help="versienummer, bijv. 2024.2")
    p_release.add_argument("--alias", default="actueel", help="alias die naar deze versie gaat "
                           "wijzen (alleen 'actueel' wordt ondersteund)")
    p_release.add_argument("--branch", default=None, help="branch voor de gebouwde versies")
    p_release.add_argument("--root")
    p_release.set_defaults(func=cmd_release)
    p_publish = sub.add_parser("publish", help="zet de site met alle versies klaar in een map")
    p_publish.add_argument("--map", dest="target", default="public", help="doelmap "
                           "(standaard: public)")
    p_publish.add_argument("--herbouw", action="store_true", help="bouw elke versie opnieuw uit "
                           "haar vastgelegde commit (ook die al klaarstaan)")
    p_publish.add_argument("--voorbeeld", action="store_true", help="zet een voorbeeld klaar "
                           "dat niet voor publicatie is (noindex op elke pagina, robots.txt sluit "
                           "alles af); kan ook zolang uitgever, contact of site_url in "
                           "data/site.yml nog open zijn")
    p_publish.add_argument("--branch", default=None)
    p_publish.add_argument("--root")
    p_publish.set_defaults(func=cmd_publish)
    # handreiking regels [--json], handreiking regel ID
    from handreiking.rules.commands import add_parsers
    add_parsers(sub)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except DataError as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
