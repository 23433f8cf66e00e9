"""Read one discovered file safely and hand it to the parser of its format.

Everything that can go wrong with bytes on disk (size, binary content, encodings, unreadable
links) becomes one ``ParseError`` here, so parsers only ever see text.
"""
from __future__ import annotations

import codecs
import re
from typing import Any

from .discover import Candidate
from .model import ParsedFile, ParseError
from .parsers import parser_for

DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024
PLAN_MAX_FILE_SIZE = 256 * 1024 * 1024
_SNIFF_BYTES = 65536

_ARM = re.compile(rb'"\$schema"\s*:\s*"[^"]*deployment(Template|Parameters)', re.I)
_PLAN = re.compile(rb'"(planned_values|resource_changes|terraform_version)"\s*:')
_K8S = re.compile(rb'"apiVersion"\s*:')


def json_format(head: bytes) -> str | None:
    """Which format a JSON file holds, judged from its first bytes (None: not ours)."""
    if _ARM.search(head):
        return "arm"
    if b'"format_version"' in head and _PLAN.search(head):
        return "terraform-plan"
    if _K8S.search(head) and b'"kind"' in head:
        return "kubernetes"
    return None


def decode(data: bytes) -> tuple[str | None, int]:
    """Text of a file (BOMs honoured); otherwise None and the line of the first bad byte (-1: binary)."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), 0
        except UnicodeDecodeError as exc:
            return None, data[: exc.start].count(b"\n") + 1
    if b"\x00" in data[:8192]:
        return None, -1
    try:
        return data.decode("utf-8"), 0
    except UnicodeDecodeError as exc:
        return None, data[: exc.start].count(b"\n") + 1


def read_and_parse(cand: Candidate, max_size: int = DEFAULT_MAX_FILE_SIZE, stdin_data: bytes | None = None) -> ParsedFile:
    """Parse one candidate; never raises."""
    src = read_source(cand, max_size, stdin_data)
    return src if isinstance(src, ParsedFile) else parse_source(cand, *src)


def read_source(cand: Candidate, max_size: int = DEFAULT_MAX_FILE_SIZE,
                stdin_data: bytes | None = None) -> ParsedFile | tuple[str, str]:
    """``(format, text)`` ready for its parser, or the final ``ParsedFile`` (an error, or skipped)."""
    try:
        if stdin_data is not None:
            data = stdin_data
        else:
            with open(cand.path, "rb") as fh:
                data = fh.read(max(max_size, PLAN_MAX_FILE_SIZE) + 1)
    except OSError as exc:
        return _failed(cand, 1, f"cannot read file: {exc.strerror or exc}")
    fmt = _format(cand, data[:_SNIFF_BYTES])
    limit = PLAN_MAX_FILE_SIZE if fmt == "terraform-plan" else max_size
    if len(data) > limit:
        return _failed(cand, 1, f"file is larger than the size limit of {limit // (1024 * 1024)} MiB; not parsed")
    if fmt is None:
        if cand.family == "json" and not data.strip():
            return _failed(cand, 1, "empty file (not valid JSON)")
        return ParsedFile(cand.display, "none", skipped=1)
    text, bad_line = decode(data)
    if text is None:
        if bad_line == -1:
            return _failed(cand, 1, "binary file (contains NUL bytes); not parsed")
        return _failed(cand, bad_line, "file is not valid UTF-8 text")
    return fmt, text


def parse_source(cand: Candidate, fmt: str, text: str) -> ParsedFile:
    """Run the parser of ``fmt``; never raises."""
    try:
        pf = parser_for(fmt)(cand.display, text)
    except Exception as exc:  # a parser bug must not lose the rest of the scan
        return _failed(cand, 1, f"internal parser error ({type(exc).__name__}: {exc})")
    if _SURROGATE_ESCAPE.search(text):
        for doc in pf.documents:
            doc.data = _without_surrogates(doc.data)
            doc.lines = {tuple(_without_surrogates(part) for part in path): span for path, span in doc.lines.items()}
    return pf


# An escaped UTF-16 surrogate (JSON, HCL, Bicep). Alone, it decodes to a string that is not valid
# UTF-8, which the Rego engine and the report writers refuse: such characters become U+FFFD.
_SURROGATE_ESCAPE = re.compile(r"\\[uU]\{?0*[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_surrogates(v) for v in value]
    return value


def _format(cand: Candidate, head: bytes) -> str | None:
    if cand.family == "json":
        return json_format(head)
    if cand.family == "yaml":
        return "kubernetes"  # the YAML parser tells Kubernetes and Azure ML apart per document
    if cand.family == "stdin":
        stripped = head.lstrip()
        if stripped.startswith((b"{", b"[")):
            return json_format(head) or "kubernetes"
        return "kubernetes"
    return cand.family


def _failed(cand: Candidate, line: int, message: str) -> ParsedFile:
    return ParsedFile(cand.display, "none", errors=[ParseError(cand.display, line, message)])
