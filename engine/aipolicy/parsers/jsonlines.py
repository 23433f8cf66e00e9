"""JSON with line numbers: stdlib ``json`` for the data, a token scan for the line map.

``parse_json(text)`` returns ``(data, lines)`` where ``lines`` maps every path tuple (object
member or array element; ``()`` for the root) to its ``(start line, end line)``, 1-based. A
member starts on the line of its key. ``//`` and ``/* */`` comments are accepted (ARM allows
them): they are blanked with spaces, newlines kept, before ``json`` sees the text, so every
line number stays true. Errors raise ``JsonSyntaxError`` with a line; ``load_document`` turns
them into a ``ParseError``. Shared by every JSON-based format.
"""
from __future__ import annotations

import gc
import json
import re
from functools import lru_cache
from typing import Any

from ..model import Document, ParseError, PathKey

LineMap = dict[PathKey, tuple[int, int]]

MAX_DEPTH = 256  # deeper documents are rejected (no real IaC file comes close)

_STR = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_SCALAR = r'[^\s,:{}\[\]"]+'
# text of one line up to its first comment: plain characters, whole strings, a '/' that starts none
_LINE_CODE = re.compile(rf'(?:[^"/\n]+|{_STR}|/(?![/*]))*')
_COMMENT_START = re.compile(r"/[/*]")
_NOT_NEWLINE = re.compile(r"[^\n]")
_OPEN_OR_CLOSE = re.compile(r"[\[\]{}]")
# line-map tokens: key + scalar, key + opening bracket, key alone | opening | closing | bare scalar;
# ',' ':' and blanks are skipped
_TOKEN = re.compile(
    rf'[\s,:]*(?:({_STR})\s*:\s*(?:([{{\[])|({_STR}|{_SCALAR}))?|([{{\[])|([}}\]])|({_STR}|{_SCALAR}))'
)


class JsonSyntaxError(ValueError):
    """A JSON document that cannot be loaded; ``line`` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


def strip_comments(text: str) -> str:
    """Replace ``//`` and ``/* */`` comments by blanks, keeping newlines (lines stay true).

    Only lines holding a candidate ``//`` or ``/*`` are scanned: JSON strings cannot span lines,
    so a candidate is a comment when the line's code (strings skipped whole) ends right at it.
    """
    out: list[str] = []
    pos = search = 0
    while (found := _COMMENT_START.search(text, search)) is not None:
        start = found.start()
        line_start = max(text.rfind("\n", 0, start) + 1, pos)
        if _LINE_CODE.match(text, line_start).end() != start:  # inside a string
            search = start + 1
            continue
        if found.group() == "//":
            stop = text.find("\n", start)
            stop = len(text) if stop < 0 else stop
        else:
            stop = text.find("*/", start + 2)
            if stop < 0:
                raise JsonSyntaxError(text.count("\n", 0, start) + 1, "unterminated /* comment")
            stop += 2
        out.append(text[pos:start])
        out.append(_NOT_NEWLINE.sub(" ", text[start:stop]))
        pos = search = stop
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


_TRAILING_COMMA = re.compile(r'"(?:[^"\\\n]|\\.)*"|,(?=\s*[}\]])')


def _depth_error_line(text: str, limit: int) -> int:
    """Line of the first bracket that opens level ``limit + 1`` (brackets in strings counted too)."""
    depth = 0
    for match in _OPEN_OR_CLOSE.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > limit:
            return text.count("\n", 0, match.start()) + 1
    return 1


def _key(token: str) -> str:
    return json.loads(token) if "\\" in token else token[1:-1]


class _Misaligned(Exception):
    """The text is not laid out one item per row: use the token scan."""


_FIRST_CHARS: dict[type, str] = {
    str: '"', bool: "tf", type(None): "n", int: "-0123456789", float: "-0123456789NI",
}
_BLANKS = str.maketrans("", "", " \t\r")


@lru_cache(maxsize=65536)
def _mark(key: str) -> str:
    """How the row of member ``key`` starts once blanks are removed: the key in JSON and a colon."""
    return json.dumps(key, ensure_ascii=False).translate(_BLANKS) + ":"


def _aligned_map(data: Any, text: str, max_depth: int) -> LineMap:
    """Line map of pretty-printed JSON: walk the loaded data and the text's rows side by side.

    Every member or element must start a row of its own (as formatters write JSON). Each row is
    checked against the data (member key, first character, brackets), so any other layout raises
    ``_Misaligned`` instead of giving wrong lines. Rows are compared with blanks removed.
    """
    rows = text.translate(_BLANKS).split("\n")
    lines: LineMap = {}

    def walk(value: dict | list, path: PathKey, row: int, depth: int) -> int:
        if depth > max_depth:
            raise JsonSyntaxError(row + 1, f"nesting deeper than {max_depth} levels")
        is_dict = type(value) is dict
        head = rows[row]
        if not value and head.rstrip(",").endswith("{}" if is_dict else "[]"):
            lines[path] = (row + 1, row + 1)
            return row + 1
        if not head.endswith("{" if is_dict else "["):
            raise _Misaligned
        start, row = row, row + 1
        for key, item in value.items() if is_dict else enumerate(value):
            while not rows[row]:
                row += 1
            if is_dict and not rows[row].startswith(_mark(key)):
                raise _Misaligned
            kind = type(item)
            if kind is dict or kind is list:
                row = walk(item, path + (key,), row, depth + 1)
                continue
            if not is_dict and rows[row][0] not in _FIRST_CHARS[kind]:
                raise _Misaligned
            row += 1
            lines[path + (key,)] = (row, row)
        while not rows[row]:
            row += 1
        if not rows[row].startswith("}" if is_dict else "]"):
            raise _Misaligned
        lines[path] = (start + 1, row + 1)
        return row + 1

    first = 0
    while not rows[first]:
        first += 1
    if type(data) is dict or type(data) is list:
        end = walk(data, (), first, 1)
    else:
        lines[()] = (first + 1, first + 1)
        end = first + 1
    if any(rows[end:]):
        raise _Misaligned
    return lines


def _scan_map(text: str, max_depth: int) -> LineMap:
    """Line map from a token scan: any layout (minified, several items per row), slower."""
    lines: LineMap = {}
    stack: list[tuple[PathKey, int, int]] = []  # saved (path, start line, next index)
    path: PathKey = ()  # the open container: its path, start line and next element index
    start = index = 0
    pending: tuple[PathKey, int] | None = None  # a key whose value starts on a later line
    at_root = True
    for lineno, line in enumerate(text.split("\n"), 1):
        for key, key_open, key_value, opener, closer, value in _TOKEN.findall(line):
            if key:
                member = path + (_key(key),)
                if key_value:
                    lines[member] = (lineno, lineno)
                    continue
                if not key_open:
                    pending = (member, lineno)
                    continue
                member_start, opener = lineno, key_open
            elif closer:
                lines[path] = (start, lineno)
                if stack:
                    path, start, index = stack.pop()
                continue
            elif pending is not None:
                (member, member_start), pending = pending, None
            elif at_root:
                member, member_start, at_root = (), lineno, False
            else:
                member, member_start = path + (index,), lineno
                index += 1
            if opener:
                stack.append((path, start, index))
                if len(stack) > max_depth:
                    raise JsonSyntaxError(lineno, f"nesting deeper than {max_depth} levels")
                path, start, index = member, member_start, 0
            else:
                lines[member] = (member_start, lineno)
    return lines


def line_map(data: Any, text: str, max_depth: int = MAX_DEPTH) -> LineMap:
    """Lines of every member and element of ``data``, loaded from ``text`` (comments blanked).

    Raises JsonSyntaxError on the line where nesting passes ``max_depth``.
    """
    try:
        return _aligned_map(data, text, max_depth)
    except (_Misaligned, IndexError, TypeError, KeyError):
        return _scan_map(text, max_depth)


def parse_json(text: str, max_depth: int = MAX_DEPTH) -> tuple[Any, LineMap]:
    """Load JSON (comments allowed) and its line map; raises JsonSyntaxError.

    The cycle collector is paused meanwhile: loading builds no cycles, and its passes over the
    many new objects cost a third of the time on large files.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _parse_json(text, max_depth)
    finally:
        if paused:
            gc.enable()


def _parse_json(text: str, max_depth: int) -> tuple[Any, LineMap]:
    if text.startswith("\ufeff"):
        text = text[1:]
    clean = strip_comments(text)
    try:
        data = json.loads(clean)
    except json.JSONDecodeError as exc:
        relaxed = _TRAILING_COMMA.sub(lambda m: m.group() if m.group()[0] == '"' else " ", clean)
        if relaxed == clean:
            raise JsonSyntaxError(exc.lineno, exc.msg) from None
        try:  # ARM's reader accepts a comma before a closing bracket, as real templates have
            data, clean = json.loads(relaxed), relaxed
        except json.JSONDecodeError:
            raise JsonSyntaxError(exc.lineno, exc.msg) from None
    except RecursionError:
        raise JsonSyntaxError(_depth_error_line(clean, max_depth), "nesting too deep") from None
    return data, line_map(data, clean, max_depth)


def load_document(file: str, text: str, kind: str = "") -> tuple[Document | None, ParseError | None]:
    """One JSON document with its line map, or the error that stopped it (never raises)."""
    try:
        data, lines = parse_json(text)
    except JsonSyntaxError as exc:
        last_line = max(text.count("\n", 0, len(text.rstrip("\n"))) + 1, 1)  # an error at EOF: the last line
        return None, ParseError(file, min(max(exc.line, 1), last_line), f"invalid JSON: {exc.message}")
    except (RecursionError, MemoryError, ValueError) as exc:  # pragma: no cover - defensive
        return None, ParseError(file, 1, f"invalid JSON: {exc}")
    return Document(data=data, lines=lines, kind=kind), None
