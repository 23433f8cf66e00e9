"""The single seam to the Rego engine (regorus). Nothing else imports it."""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Any

import regorus

from .parallel import can_fork, forked_map
from .policyset import PolicyFile


class PolicyError(Exception):
    """A policy that does not load or evaluate: names the file and line."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.file, self.line, self.message = file, line, message

    def __reduce__(self) -> tuple[type, tuple[str, int, str]]:
        return PolicyError, (self.file, self.line, self.message)


_LINE = re.compile(r"(?:-->\s*)?[^\s:]+\.rego:(\d+)|line[: ]+(\d+)", re.I)


def _error_line(message: str) -> int:
    m = _LINE.search(message)
    return int(m.group(1) or m.group(2)) if m else 1


def _clean(exc: Exception) -> str:
    """regorus errors carry a native stack trace; keep the message part."""
    return str(exc).split("Stack backtrace:")[0].strip()


# Input size (JSON characters) from which evaluation is spread over forked workers: below it
# (about 500 resources) a fork costs more than it saves.
FORK_MIN_INPUT = 512 * 1024
# Groups per worker: fewer share more helpers within a query (each query evaluates the lib rules
# it references once: ~15-30 ms), more balance the uneven rule costs. Total CPU on the generated
# Kubernetes / Terraform corpora with 2 workers: 2 groups +47% / +25% over one query, 4 groups
# +62% / +35%, 8 groups +80% / +83%.
GROUPS_PER_JOB = 2


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


def engine_identity(policies: list[PolicyFile], config: dict[str, Any]) -> list[str]:
    """Everything an evaluation's result depends on besides the input: the interpreter build,
    the policy files and the parameters (texts, for a memo key)."""
    native = getattr(regorus, "regorus", regorus)
    try:
        st = os.stat(native.__file__ or "")
        build = f"{native.__file__}:{st.st_size}:{st.st_mtime_ns}"
    except (OSError, TypeError):
        build = "unknown"
    return [build, _config_json(config)] + [f"{pf.path}\0{pf.text}" for pf in policies]


def _config_json(config: dict[str, Any]) -> str:
    return json.dumps({"aipolicy": {"config": config}}, sort_keys=True)


class Engine:
    """One regorus engine per scan; every policy is loaded once."""

    def __init__(self, policies: list[PolicyFile], config: dict[str, Any]) -> None:
        config_json = _config_json(config)
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
        self._weights = {pf.package: len(pf.text) for pf in policies}

    def denials(self, input_json: str, packages: list[str], jobs: int = 1) -> tuple[list[Denial], list[PolicyError]]:
        """Evaluate the ``deny`` sets of ``packages`` on the input (a JSON string).

        The packages are evaluated in one query, so shared helpers (pod specs, node pools) are
        computed once. Should that fail (a policy erring at run time on some input), each package
        is evaluated on its own: the failing one costs only its own findings. Large inputs with
        ``jobs`` > 1 are split into groups of packages of about equal weight (the size of their
        policy text as the cost estimate), handed out to forked workers one at a time.
        """
        self._engine.set_input_json(input_json)
        if jobs > 1 and len(packages) > 1 and len(input_json) >= FORK_MIN_INPUT and can_fork():
            self._engine.eval_query_as_json("true")  # prepares the policies once, before the fork
            results = _forked(self._engine, _balanced(packages, jobs * GROUPS_PER_JOB, self._weights), jobs)
        else:
            results = _eval_group(self._engine, packages)
        out: list[Denial] = []
        errors: list[PolicyError] = []
        for package, value, error in results:
            if error:
                errors.append(PolicyError(*error))
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

# (package, deny value, error as (file, line, message) or None): plain tuples travel back from
# forked workers (exceptions with their own ``__init__`` do not unpickle).
Result = tuple[str, Any, "tuple[str, int, str] | None"]


def _eval_group(engine: "regorus.Engine", packages: list[str]) -> list[Result]:
    """The ``deny`` sets of a group of packages: one query (one line per package: regorus
    limits a query line's width), else one evaluation per package."""
    query = "[\n" + ",\n".join(f"data.{p}.deny" for p in packages) + "\n]"
    try:
        answer = json.loads(engine.eval_query_as_json(query))
        values = answer["result"][0]["expressions"][0]["value"]
        return [(p, v, None) for p, v in zip(packages, values)]
    except Exception:
        pass
    results: list[Result] = []
    for package in packages:
        try:
            results.append((package, json.loads(engine.eval_rule_as_json(f"data.{package}.deny")), None))
        except Exception as exc:
            results.append((package, None, (package, _error_line(str(exc)), _clean(exc))))
    return results


def _balanced(packages: list[str], count: int, weights: dict[str, int]) -> list[list[str]]:
    """At most ``count`` groups of about equal weight: heaviest first, each to the lightest group."""
    groups: list[list[str]] = [[] for _ in range(min(count, len(packages)))]
    loads = [0] * len(groups)
    for package in sorted(packages, key=lambda p: -weights.get(p, 1)):
        i = loads.index(min(loads))
        groups[i].append(package)
        loads[i] += weights.get(package, 1)
    return groups


# The engine (input already set) and groups the forked workers inherit instead of receiving
# them pickled.
_SHARED: tuple["regorus.Engine | None", list[list[str]]] = (None, [])


def _eval_in_worker(index: int) -> list[Result]:
    engine, groups = _SHARED
    return _eval_group(engine, groups[index])


def _forked(engine: "regorus.Engine", groups: list[list[str]], jobs: int) -> list[Result]:
    """The groups evaluated on ``jobs`` forked workers, each taking the next group when done;
    here, one after the other, if a worker dies."""
    global _SHARED
    _SHARED = (engine, groups)
    try:
        done = forked_map(_eval_in_worker, len(groups), jobs)
    finally:
        _SHARED = (None, [])
    if done is None:
        done = [_eval_group(engine, group) for group in groups]
    return [r for group in done for r in group]


def _denials(package: str, value: Any) -> list[Denial]:
    return [
        Denial(package, str(item["resource"]), str(item.get("path") or ""), str(item.get("message") or ""), item.get("severity"))
        for item in (value if isinstance(value, list) else [])
        if isinstance(item, dict) and "resource" in item
    ]
