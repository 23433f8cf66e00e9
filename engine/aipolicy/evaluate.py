"""The single seam to the Rego engine (regorus). Nothing else imports it."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import regorus

from .parallel import can_fork
from .policyset import PolicyFile


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


_ONE_BY_ONE = 3  # up to this many packages (e.g. --only), evaluate each alone
# Input size (JSON characters) from which evaluation is spread over forked workers: below it
# (about 500 resources) a fork costs more than it saves.
FORK_MIN_INPUT = 512 * 1024


@dataclass
class Denial:
    """One ``deny`` entry of one package."""

    package: str
    resource: str
    path: str
    message: str
    severity: str | None


# Loaded engines by (policy files and texts, config): a process that scans several times (tests,
# library users) compiles the policies once and evaluates on clones.
_LOADED: dict[tuple[tuple[tuple[str, str], ...], str], "regorus.Engine"] = {}


class Engine:
    """One regorus engine per scan; every policy is loaded once."""

    def __init__(self, policies: list[PolicyFile], config: dict[str, Any]) -> None:
        config_json = json.dumps({"aipolicy": {"config": config}}, sort_keys=True)
        key = (tuple((pf.path, pf.text) for pf in policies), config_json)
        if key not in _LOADED:
            engine = regorus.Engine()
            for pf in policies:
                try:
                    engine.add_policy(pf.path, pf.text)
                except Exception as exc:  # regorus raises plain RuntimeError/ValueError
                    raise PolicyError(pf.path, _error_line(str(exc)), _clean(exc)) from None
            engine.add_data_json(config_json)
            _LOADED.clear()
            _LOADED[key] = engine
        self._engine = _LOADED[key].clone()

    def denials(self, input_json: str, packages: list[str], jobs: int = 1,
                weights: dict[str, int] | None = None) -> tuple[list[Denial], list[PolicyError]]:
        """Evaluate the ``deny`` sets of ``packages`` on the input (a JSON string).

        Small inputs: all rule packages in one query, so shared helpers (pod specs, node pools)
        are computed once. Should that fail (a policy erring at run time on some input), each
        package is evaluated on its own: the failing one costs only its own findings.
        Large inputs with ``jobs`` > 1: packages are shared out to forked workers, heaviest
        first by ``weights`` (package -> expected cost, e.g. its policy size).
        """
        self._engine.set_input_json(input_json)
        if jobs > 1 and len(packages) > 1 and len(input_json) >= FORK_MIN_INPUT and can_fork():
            order = sorted(packages, key=lambda p: -(weights or {}).get(p, 0))
            return _forked(self._engine, order, jobs)
        wanted = set(packages)
        if len(wanted) > _ONE_BY_ONE:
            try:
                answer = json.loads(self._engine.eval_query_as_json("data.aipolicy.rules"))
                results = answer.get("result") or []
                tree = results[0]["expressions"][0]["value"] if results else {}
                out: list[Denial] = []
                _collect(tree, "aipolicy.rules", wanted, out)
                return out, []
            except Exception:
                pass
        out, errors = [], []
        for package in packages:
            value, error = _eval_deny(self._engine, package)
            if error:
                errors.append(error)
            else:
                out += _denials(package, value)
        return out, errors

    def run_package_tests(self, package: str, names: list[str]) -> dict[str, tuple[bool, str]]:
        """Verdicts of a package's ``test_*`` rules: {name: (passed, error text)}.

        The package is evaluated once; if that errs, each test is evaluated alone so that one
        erring test does not fail its neighbours."""
        try:
            answer = json.loads(self._engine.eval_query_as_json(f"data.{package}"))
            results = answer.get("result") or []
            values = results[0]["expressions"][0]["value"] if results else {}
            return {n: (values.get(n) is True, "") for n in names}
        except Exception:
            pass
        verdicts: dict[str, tuple[bool, str]] = {}
        for name in names:
            try:
                verdicts[name] = (json.loads(self._engine.eval_rule_as_json(f"data.{package}.{name}")) is True, "")
            except Exception as exc:
                verdicts[name] = (False, _clean(exc))
        return verdicts

def _eval_deny(engine: "regorus.Engine", package: str) -> tuple[Any, PolicyError | None]:
    """One package's ``deny`` value, or the error it raised."""
    try:
        return json.loads(engine.eval_rule_as_json(f"data.{package}.deny")), None
    except Exception as exc:
        return None, PolicyError(package, _error_line(str(exc)), _clean(exc))


# The engine (input already set) and packages the forked workers inherit instead of receiving
# them pickled.
_SHARED: tuple["regorus.Engine | None", list[str]] = (None, [])


def _eval_in_worker(index: int) -> tuple[int, Any, tuple[str, int, str] | None]:
    """Worker side; an error travels back as a plain tuple (exceptions with their own
    ``__init__`` do not unpickle)."""
    engine, packages = _SHARED
    value, error = _eval_deny(engine, packages[index])
    return index, value, (error.file, error.line, error.message) if error else None


def _forked(engine: "regorus.Engine", packages: list[str], jobs: int) -> tuple[list[Denial], list[PolicyError]]:
    """Each package evaluated alone on forked workers, handed out one at a time in order."""
    import multiprocessing

    global _SHARED
    _SHARED = (engine, packages)
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(packages))) as pool:
            results = sorted(pool.imap_unordered(_eval_in_worker, range(len(packages)), chunksize=1))
    finally:
        _SHARED = (None, [])
    out: list[Denial] = []
    errors: list[PolicyError] = []
    for index, value, error in results:
        if error:
            errors.append(PolicyError(*error))
        else:
            out += _denials(packages[index], value)
    return out, errors


def _denials(package: str, value: Any) -> list[Denial]:
    return [
        Denial(package, str(item["resource"]), str(item.get("path") or ""), str(item.get("message") or ""), item.get("severity"))
        for item in (value if isinstance(value, list) else [])
        if isinstance(item, dict) and "resource" in item
    ]


def _collect(node: Any, package: str, wanted: set[str], out: list[Denial]) -> None:
    """Walk the ``data.aipolicy.rules`` tree for the ``deny`` sets of the wanted packages."""
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key == "deny" and package in wanted:
            out += _denials(package, value)
        elif isinstance(value, dict):
            _collect(value, f"{package}.{key}", wanted, out)
