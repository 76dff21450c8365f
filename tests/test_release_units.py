"""Fast unit tests of the release loop's parts (the end-to-end scenario is test_release.py)."""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from handreiking.publish import release as rel

NO_IDENTITY = {"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}


@pytest.fixture()
def repo(tmp_path, monkeypatch) -> Path:
    for name, value in NO_IDENTITY.items():
        monkeypatch.setenv(name, value)
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
                 "GIT_COMMITTER_EMAIL", "EMAIL", rel.IDENTITY_ENV):
        monkeypatch.delenv(name, raising=False)
    subprocess.run(["git", "init", "-q", "-b", "main", str(tmp_path)], check=True)
    return tmp_path


def _commit(repo: Path, files: dict[str, str]) -> str:
    for name, text in files.items():
        (repo / name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit",
                    "-q", "-m", "x"], cwd=repo, check=True)
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, text=True, check=True,
                          capture_output=True).stdout.strip()


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_identity_is_asked_once_and_stored_in_the_repository(repo, monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Tty())
    answers = iter(["Ria Redacteur", "ria@example.invalid"])
    rel.ensure_identity(repo, ask=lambda prompt: next(answers))
    local = subprocess.run(["git", "config", "--local", "user.email"], cwd=repo, text=True,
                           capture_output=True).stdout.strip()
    assert local == "ria@example.invalid"
    rel.ensure_identity(repo, ask=lambda prompt: pytest.fail("asked twice"))  # known now


def test_identity_from_the_environment_or_a_dutch_stop(repo, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO())  # not a terminal
    with pytest.raises(rel.ReleaseError) as stop:
        rel.ensure_identity(repo)
    assert "git weet niet wie deze versie vastlegt" in str(stop.value)
    assert rel.IDENTITY_ENV in str(stop.value) and "Er is niets veranderd." in str(stop.value)
    monkeypatch.setenv(rel.IDENTITY_ENV, "Bot Redactie <bot@example.invalid>")
    rel.ensure_identity(repo)
    name = subprocess.run(["git", "config", "--local", "user.name"], cwd=repo, text=True,
                          capture_output=True).stdout.strip()
    assert name == "Bot Redactie"


def test_a_version_is_built_with_its_own_locked_dependencies(repo):
    """Same requirements.lock: this interpreter. Another lock: one cached environment per lock
    hash, reused (here prepared by hand, so the test needs no package index)."""
    same = _commit(repo, {"requirements.lock": "mkdocs==1.6.1\n"})
    assert rel.python_for(repo, same, repo) == sys.executable
    older = same
    _commit(repo, {"requirements.lock": "mkdocs==1.6.1\nmike==2.2.0\n"})  # a dependency change
    venv = repo / ".cache" / "venvs" / rel._lock_hash(b"mkdocs==1.6.1\n")
    (venv / "bin").mkdir(parents=True, exist_ok=True)
    (venv / ".klaar").write_text(older + "\n", encoding="utf-8")
    assert rel.python_for(repo, older, repo) == str(venv / "bin" / "python")
