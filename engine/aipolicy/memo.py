"""Scan memo: the previous scan's graph and deny sets, reused while nothing they came from changed.

The parse cache skips parsing unchanged files, but normalizing and evaluating are whole-project
steps (modules, parameters and links cross files), so they are memoized per project. A *slot*
(the scanned paths and the options that shape the graph) keeps one graph entry and one deny
entry, each replaced atomically when it no longer matches; the memo does not grow with history.

- The graph entry matches when every scanned file has the same display name, family and bytes,
  and everything the normalizers read beside them (a local module's folder, a linked template, a
  parameter file, a ``loadTextContent`` target: the ``ReadLog``) reads back the same.
- The deny entry matches when the policies, their parameters, the wanted packages and the graph
  are the same: the graph's fingerprint when it came from the memo, else the Rego input text (an
  edit that leaves the graph as it was, such as a comment, still skips evaluation).

Both live in a folder named after the whole package's code, so an edited tool never reads them.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from pathlib import Path
from typing import Any

from . import __version__
from .cache import _store, default_dir
from .discover import Candidate

MEMO_FORMAT = 1
MAX_ENTRIES = 64  # graph and deny entries kept (32 projects or file sets); the oldest go first
_Key = tuple[str, str, int]  # (kind "file" or "dir", absolute path, bytes read at most)


def _file_digest(path: str, limit: int) -> str | None:
    """Digest of a regular file's first ``limit`` bytes; None when it is absent or unreadable."""
    try:
        with open(path, "rb") as fh:
            return hashlib.blake2b(fh.read(limit), digest_size=16).hexdigest()
    except OSError:  # absent, a folder, no permission
        return None


def _folder_names(path: str) -> list[str] | None:
    try:
        return sorted(os.listdir(path))
    except OSError:
        return None


def _names_digest(names: list[str] | None) -> str | None:
    return None if names is None else hashlib.blake2b("\0".join(names).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class ReadLog:
    """Files and folders the normalizers read besides the scanned files, with what they held."""

    def __init__(self) -> None:
        self.seen: dict[_Key, str | None] = {}

    def note_file(self, path: str, limit: int) -> None:
        """Record a file read elsewhere (``limit``: the bytes its reader takes at most)."""
        key = ("file", os.path.abspath(path), limit)
        if key not in self.seen:
            self.seen[key] = _file_digest(key[1], limit)

    def read_file(self, path: str, limit: int) -> bytes | None:
        """A regular file's bytes, None when absent, unreadable or larger than ``limit``."""
        full = os.path.abspath(path)
        data: bytes | None = None
        try:
            if os.path.isfile(full):
                with open(full, "rb") as fh:
                    data = fh.read(limit + 1)
        except OSError:
            data = None
        self.seen[("file", full, limit + 1)] = None if data is None else hashlib.blake2b(data, digest_size=16).hexdigest()
        return data if data is not None and len(data) <= limit else None

    def folder(self, path: str) -> list[str] | None:
        """A folder's sorted entry names, None when it cannot be listed."""
        names = _folder_names(path or ".")
        self.seen[("dir", os.path.abspath(path or "."), 0)] = _names_digest(names)
        return names

    def fingerprint(self) -> str:
        """One digest of everything recorded."""
        return digest(*(f"{kind}\0{path}\0{limit}\0{value}" for (kind, path, limit), value in sorted(self.seen.items())))

    def unchanged(self) -> bool:
        """Whether every recorded file and folder still reads the same."""
        for (kind, path, limit), digest in self.seen.items():
            now = _file_digest(path, limit) if kind == "file" else _names_digest(_folder_names(path))
            if now != digest:
                return False
        return True


def code_fingerprint() -> str:
    """Tool version plus the size and mtime of every file of the package (code, tables, policies)."""
    here = Path(__file__).resolve().parent
    parts = [f"{__version__}/{MEMO_FORMAT}"]
    for folder, dirs, files in os.walk(here):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            st = os.stat(os.path.join(folder, name))
            parts.append(f"{os.path.relpath(folder, here)}/{name}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def digest(*parts: str) -> str:
    """One hex digest of several texts (each length-prefixed, so boundaries count)."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def files_digest(cands: list[Candidate], limit: int) -> str:
    """Fingerprint of the scanned files: display name, family and bytes (up to ``limit``) of each."""
    h = hashlib.blake2b(digest_size=20)
    for cand in cands:
        h.update(f"{cand.display}\0{cand.family}\0{cand.path}\0{_file_digest(cand.path, limit)}\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


class ScanMemo:
    """The graph and deny entries of one slot."""

    def __init__(self, slot: str, root: Path | None = None) -> None:
        self.folder = (root or default_dir()) / "memo" / code_fingerprint()
        self.slot = digest(slot)

    def _load(self, suffix: str) -> dict[str, Any] | None:
        try:
            with open(self.folder / f"{self.slot}.{suffix}", "rb") as fh:
                entry = pickle.load(fh)
            return entry if isinstance(entry, dict) else None
        except Exception:  # absent, corrupt or foreign: a miss, replaced by the next store
            return None

    def graph(self, fingerprint: str) -> Any | None:
        """The stored graph if it was built from ``fingerprint`` and its side reads are unchanged."""
        entry = self._load("graph")
        if entry is None or entry.get("fingerprint") != fingerprint:
            return None
        reads = entry.get("reads")
        if not isinstance(reads, ReadLog) or not reads.unchanged():
            return None
        return entry.get("value")

    def store_graph(self, fingerprint: str, reads: ReadLog, value: Any) -> None:
        _store(self.folder / f"{self.slot}.graph", {"fingerprint": fingerprint, "reads": reads, "value": value})
        self._prune()

    def _prune(self) -> None:
        """Keep the newest ``MAX_ENTRIES`` entries; drop the folders of other versions of the code."""
        try:
            for other in self.folder.parent.iterdir():
                if other != self.folder and other.is_dir():
                    shutil.rmtree(other, ignore_errors=True)
            entries = sorted(self.folder.iterdir(), key=lambda p: p.stat().st_mtime_ns)
            for stale in entries[:-MAX_ENTRIES]:
                stale.unlink()
        except OSError:  # a concurrent scan pruned first
            return

    def denials(self, engine: str, graph: str = "", input_text: str = "") -> Any | None:
        """The stored deny results of this engine (policies, parameters, packages) on this graph
        (its ``graph_key``) or on this Rego input (its text), else None."""
        entry = self._load("deny")
        if entry is None or entry.get("engine") != engine:
            return None
        if graph and entry.get("graph") == graph or input_text and entry.get("input") == digest(input_text):
            return entry.get("value")
        return None

    def store_denials(self, engine: str, graph: str, input_text: str, value: Any) -> None:
        _store(self.folder / f"{self.slot}.deny", {"engine": engine, "graph": graph, "input": digest(input_text), "value": value})
