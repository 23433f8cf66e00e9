"""Walk the scanned paths and list the files worth parsing, with their display names."""
from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path

from .model import ParseError

# file name suffix -> family; JSON and YAML are told apart by content later
SUFFIXES: tuple[tuple[str, str], ...] = (
    (".tf.json", "terraform"),
    (".tfvars.json", "terraform"),
    (".tf", "terraform"),
    (".tfvars", "terraform"),
    (".bicepparam", "bicep"),
    (".bicep", "bicep"),
    (".json", "json"),
    (".jsonc", "json"),
    (".yaml", "yaml"),
    (".yml", "yaml"),
)
SKIP_DIRS = {".git", ".hg", ".svn", ".terraform", "node_modules", ".venv", "venv", "__pycache__", ".tox"}


@dataclass(frozen=True)
class Candidate:
    """A file to parse: its path on disk, the name shown to users, and its family."""

    path: str
    display: str
    family: str


def display_name(path: str) -> str:
    """Relative to the current directory when under it, with forward slashes."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if absolute == cwd or absolute.startswith(cwd.rstrip(os.sep) + os.sep):
        rel = os.path.relpath(absolute, cwd)
    else:
        rel = absolute
    return rel.replace(os.sep, "/")


def family_of(name: str) -> str | None:
    lower = name.lower()
    for suffix, family in SUFFIXES:
        if lower.endswith(suffix):
            return family
    return None


def _excluded(display: str, excludes: list[str]) -> bool:
    return any(fnmatch.fnmatch(display, pat) or fnmatch.fnmatch(os.path.basename(display), pat) for pat in excludes)


def discover(paths: list[str], excludes: list[str] | None = None) -> tuple[list[Candidate], list[ParseError]]:
    """Files below ``paths`` that aipolicy reads, sorted by display name; unreadable paths are errors."""
    excludes = excludes or []
    found: dict[str, Candidate] = {}
    errors: list[ParseError] = []
    for root in paths:
        if root == "-":
            continue
        if not os.path.lexists(root):
            errors.append(ParseError(display_name(root), 1, "path does not exist"))
            continue
        if os.path.isdir(root):
            _walk(root, excludes, found, errors)
        else:
            _add(root, excludes, found, errors, explicit=True)
    return sorted(found.values(), key=lambda c: c.display), errors


def _walk(root: str, excludes: list[str], found: dict[str, Candidate], errors: list[ParseError]) -> None:
    def on_error(exc: OSError) -> None:
        errors.append(ParseError(display_name(exc.filename or root), 1, f"cannot read directory: {exc.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        dirnames[:] = sorted(
            d for d in dirnames if d not in SKIP_DIRS and not _excluded(display_name(os.path.join(dirpath, d)), excludes)
        )
        for name in sorted(filenames):
            _add(os.path.join(dirpath, name), excludes, found, errors, explicit=False)


def _add(path: str, excludes: list[str], found: dict[str, Candidate], errors: list[ParseError], explicit: bool) -> None:
    family = family_of(path)
    if family is None:
        if explicit:
            errors.append(ParseError(display_name(path), 1, "not a file type aipolicy reads"))
        return
    display = display_name(path)
    if _excluded(display, excludes):
        return
    if os.path.islink(path):
        try:
            Path(path).resolve(strict=True)
        except (OSError, RuntimeError) as exc:
            errors.append(ParseError(display, 1, f"unreadable symbolic link: {getattr(exc, 'strerror', None) or exc}"))
            return
        if os.path.isdir(path):
            return
    found.setdefault(os.path.abspath(path), Candidate(path, display, family))
