"""Parse cache: pickled ``ParsedFile`` objects, so re-scans of unchanged files skip parsing.

An entry's key hashes the parser inputs (format, display name, text); its folder names the code
that parses them (tool version plus the size and mtime of every file of ``aipolicy/parsers``,
``model.py``, ``sources.py`` and ``yamlload.py``), so an edited parser never serves stale entries. The display
name is part of the key because parsers read it (``.bicepparam``, ``.tf.json``) and write it
into errors. Parser crashes are never cached.

Entries live in the user cache folder (``AIPOLICY_CACHE_DIR`` overrides it), one file each,
written to a temporary file and moved into place with ``os.replace``: concurrent scans never see
half an entry. An entry that cannot be read is ignored (and rewritten by the next parse).
The source text is not stored; it is put back from the file just read.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from . import __version__
from .model import ParsedFile

CACHE_FORMAT = 1
# Formats whose files are large and parsed once (a plan per CI run): not worth the disk.
UNCACHED_FORMATS = frozenset({"terraform-plan"})


def default_dir() -> Path:
    """``$AIPOLICY_CACHE_DIR``, else the platform's user cache folder for aipolicy."""
    override = os.environ.get("AIPOLICY_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("aipolicy", appauthor=False))


def code_fingerprint() -> str:
    """Tool version plus the size and mtime of the parser code (``sources.parse_source`` included)."""
    here = Path(__file__).resolve().parent
    files = [here / "model.py", here / "cache.py", here / "yamlload.py", here / "sources.py"]
    files += sorted(p for p in (here / "parsers").iterdir() if p.is_file())
    parts = [f"{__version__}/{CACHE_FORMAT}"]
    for p in files:
        st = p.stat()
        parts.append(f"{p.name}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


class ParseCache:
    """One cache folder for one version of the parser code."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = (root or default_dir()) / code_fingerprint()
        self.hits = 0
        self.misses = 0

    def key(self, fmt: str, display: str, text: str) -> str:
        h = hashlib.blake2b(digest_size=20)
        h.update(f"{fmt}\0{display}\0".encode())
        h.update(text.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / key[2:]

    def get(self, key: str, text: str) -> ParsedFile | None:
        """The cached result (with ``text`` put back), or None when absent or unreadable."""
        try:
            with open(self._path(key), "rb") as fh:
                had_text, pf = pickle.load(fh)
            if not isinstance(pf, ParsedFile):
                raise TypeError("not a ParsedFile")
        except Exception:  # absent, corrupt or foreign: a miss; the next put replaces it
            self.misses += 1
            return None
        if had_text:
            pf.text = text
        self.hits += 1
        return pf

    def put(self, key: str, pf: ParsedFile) -> None:
        """Store atomically; a cache that cannot be written is silently skipped."""
        stored = (bool(pf.text), ParsedFile(pf.file, pf.format, pf.documents, pf.errors, pf.skipped, ""))
        _store(self._path(key), stored)


def _store(path: Path, value: object) -> None:
    """Pickle to a temporary file moved into place; a cache that cannot be written is skipped."""
    import tempfile  # only writes need it

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return


def load_yaml_data(text: str) -> Any:
    """The tool's own YAML data (catalog, mapping tables, policy METADATA), loaded once and then
    read back pickled from the cache folder (several times faster than parsing it on every run).
    Keyed by the text itself; invalid YAML raises as ``yamlload.load`` does and is not stored."""
    path = default_dir() / "data" / hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except Exception:  # absent or unreadable: parse, then (re)write
        pass
    from . import yamlload

    value = yamlload.load(text)
    _store(path, value)
    return value
