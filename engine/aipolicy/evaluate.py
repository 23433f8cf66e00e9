"""The single seam to the Rego engine (regorus). Nothing else imports it."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import regorus

from .policyset import RULES_PREFIX, PolicyFile


class PolicyError(Exception):
    """A policy that does not load or evaluate: names the file and line."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.file, self.line, self.message = file, line, message


_LINE = re.compile(r"(?:-->\s*)?[^\s:]+\.rego:(\d+)|line[: ]+(\d+)", re.I)


def _error_line(message: str) -> int:
    m = _LINE.search(message)
    return int(m.group(1) or m.group(2)) if m else 1


def _clean(exc: Exception) -> str:
    """regorus errors carry a native stack trace; keep the message part."""
    return str(exc).split("Stack backtrace:")[0].strip()


@dataclass
class Denial:
    """One ``deny`` entry of one package."""

    package: str
    resource: str
    path: str
    message: str
    severity: str | None


class Engine:
    """One regorus engine per scan; every policy is loaded once."""

    def __init__(self, policies: list[PolicyFile], config: dict[str, Any]) -> None:
        self._engine = regorus.Engine()
        for pf in policies:
            try:
                self._engine.add_policy(pf.path, pf.text)
            except Exception as exc:  # regorus raises plain RuntimeError/ValueError
                raise PolicyError(pf.path, _error_line(str(exc)), _clean(exc)) from None
        self._engine.add_data_json(json.dumps({"aipolicy": {"config": config}}))

    def denials(self, input_json: str) -> list[Denial]:
        """Evaluate every ``deny`` under ``data.aipolicy.rules`` on the input (a JSON string)."""
        self._engine.set_input_json(input_json)
        try:
            answer = json.loads(self._engine.eval_query_as_json("data.aipolicy.rules"))
            results = answer.get("result") or []
            tree = results[0]["expressions"][0]["value"] if results else {}
        except Exception as exc:
            raise PolicyError("<evaluation>", _error_line(str(exc)), _clean(exc)) from None
        out: list[Denial] = []
        self._collect(tree, RULES_PREFIX.rstrip("."), out)
        return out

    def _collect(self, node: Any, package: str, out: list[Denial]) -> None:
        if not isinstance(node, dict):
            return
        for key, value in node.items():
            if key == "deny" and isinstance(value, list):
                for item in value:
                    if isinstance(item, dict) and "resource" in item:
                        out.append(
                            Denial(
                                package,
                                str(item["resource"]),
                                str(item.get("path") or ""),
                                str(item.get("message") or ""),
                                item.get("severity"),
                            )
                        )
            elif isinstance(value, dict):
                self._collect(value, f"{package}.{key}", out)

    def run_test(self, package: str, rule: str) -> tuple[bool, str]:
        """Evaluate one ``test_*`` rule: (passed, error text)."""
        try:
            value = json.loads(self._engine.eval_rule_as_json(f"data.{package}.{rule}"))
        except Exception as exc:
            return False, _clean(exc)
        return value is True, ""
