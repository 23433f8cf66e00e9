"""Time whole ``aipolicy scan`` runs on real and generated corpora (and Checkov, when installed).

Every run is a fresh subprocess: ``aipolicy scan CORPUS -f json -o FILE`` with
``AIPOLICY_TIMINGS=1`` (the scan prints its phase timings as JSON on stderr) and a private
``AIPOLICY_CACHE_DIR``. "cold" runs pass ``--no-cache``; "warm" runs reuse the cache that the
warm-up filled (an unchanged tree: the scan memo answers); "edit" runs use the cache on a copy of
the corpus where one file comes and goes between runs (every file is in the parse cache, but the
graph changed: normalizing and evaluating run in full). Medians of ``--repeat`` runs after one warm-up. Peak RSS comes from ``wait4``
(the scan process and its parse workers). "start-up" is wall time outside the scan command
(interpreter, imports, exit). aipolicy's bytecode is written first, as a wheel install does.

    python benchmarks/bench.py                   # fixtures, ../shared/corpus, generated projects
    python benchmarks/bench.py --scale 1000,10000,100000 --only scale
    python benchmarks/bench.py --json > bench.json
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402  (the sibling script)

ROOT = Path(__file__).resolve().parent.parent
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
PHASES = ("discover", "parse", "normalize", "policies", "evaluate")
SUFFIXES = (".bicep", ".bicepparam", ".json", ".jsonc", ".yaml", ".yml", ".tf", ".tfvars")


@dataclass
class Run:
    wall: float
    rss_mb: float
    phases: dict[str, float]


@dataclass
class Row:
    corpus: str
    mode: str  # cold | warm | edit | checkov
    files: int
    mbytes: float
    resources: int
    wall: float
    rss_mb: float
    phases: dict[str, float] = field(default_factory=dict)
    ratio: float | None = None  # checkov wall / aipolicy cold wall

    @property
    def files_per_s(self) -> float:
        return self.files / self.wall if self.wall else 0.0

    @property
    def mb_per_s(self) -> float:
        return self.mbytes / self.wall if self.wall else 0.0


def corpus_size(path: Path) -> tuple[int, float]:
    """Files aipolicy looks at and their size in MB."""
    files, size = 0, 0
    for d, dirs, names in os.walk(path):
        dirs[:] = [x for x in dirs if not x.startswith(".")]
        for n in names:
            if n.lower().endswith(SUFFIXES):
                files += 1
                size += os.path.getsize(os.path.join(d, n))
    return files, size / 1e6


def _run(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB and stderr of one subprocess."""
    with tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {text[-2000:]}")
    return wall, usage.ru_maxrss / 1024, text


def aipolicy_exe() -> str:
    """The ``aipolicy`` console script of this interpreter's environment (else the one on PATH)."""
    beside = Path(sys.executable).parent / "aipolicy"
    return str(beside) if beside.exists() else (shutil.which("aipolicy") or "aipolicy")


def time_aipolicy(path: Path, cache: bool, repeat: int, cache_dir: Path, jobs: int,
                  before_run: Callable[[], None] | None = None) -> tuple[Run, int]:
    """Median run of ``aipolicy scan`` after one warm-up, and the resource count."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    out = cache_dir.parent / f"{cache_dir.name}.json"
    cmd = [aipolicy_exe(), "scan", str(path), "-f", "json", "-o", str(out)]
    cmd += [] if cache else ["--no-cache"]
    cmd += ["--jobs", str(jobs)] if jobs else []
    env = dict(os.environ, AIPOLICY_TIMINGS="1", AIPOLICY_CACHE_DIR=str(cache_dir))
    runs: list[Run] = []
    for i in range(repeat + 1):
        if before_run:
            before_run()
        wall, rss, err = _run(cmd, env, path.parent)
        phases = json.loads([line for line in err.splitlines() if line.startswith("{")][-1])
        phases["start-up"] = max(0.0, wall - phases.pop("total"))
        phases["report"] = max(0.0, wall - phases["start-up"] - sum(phases.get(p, 0.0) for p in PHASES))
        if i:  # the first run is the warm-up (and fills the cache)
            runs.append(Run(wall, rss, phases))
    resources = json.loads(out.read_text("utf-8"))["summary"]["resources"]
    median = statistics.median(r.wall for r in runs)
    best = min(runs, key=lambda r: abs(r.wall - median))
    return Run(median, max(r.rss_mb for r in runs), best.phases), resources


def toggling_copy(path: Path, work: Path) -> tuple[Path, Callable[[], None]]:
    """A copy of the corpus, and a function that removes or puts back its last file in turn."""
    copy = work / "edit" / path.name
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(path, copy)
    last = max(p for p in copy.rglob("*") if p.is_file() and p.suffix in SUFFIXES)
    parked = last.with_name(last.name + ".parked")

    def toggle() -> None:
        if last.exists():
            last.rename(parked)
        else:
            parked.rename(last)

    return copy, toggle


def time_checkov(path: Path, repeat: int) -> Run | None:
    exe = shutil.which("checkov")
    if not exe:
        return None
    walls, rss = [], 0.0
    for _ in range(repeat):
        # --skip-download: no network here (without it each run waits on failing API calls)
        wall, peak, _ = _run([exe, "-d", str(path), "--quiet", "--compact", "-o", "json", "--skip-download"],
                             dict(os.environ), path.parent)
        walls.append(wall)
        rss = max(rss, peak)
    return Run(statistics.median(walls), rss, {})


# The pre-commit case: a commit touching two files.
TWO_FILES = ("bicep/openai.bicep", "k8s/vllm.yaml")


def precompile() -> None:
    """Write aipolicy's bytecode, as installing a wheel does; otherwise an editable install under
    PYTHONDONTWRITEBYTECODE (set on this machine) compiles every module on every run."""
    python = Path(aipolicy_exe()).parent / "python"
    code = "import aipolicy, compileall, os; compileall.compile_dir(os.path.dirname(aipolicy.__file__), quiet=1)"
    subprocess.run([str(python) if python.exists() else sys.executable, "-c", code], check=True)


def corpora(args: argparse.Namespace, work: Path) -> list[tuple[str, Path]]:
    out: list[tuple[str, Path]] = []
    wanted = lambda name: not args.only or any(name.startswith(o) for o in args.only)  # noqa: E731
    if wanted("fixtures-2files"):
        two = work / "two-files"
        two.mkdir(parents=True, exist_ok=True)
        for name in TWO_FILES:
            shutil.copy(ROOT / "fixtures" / "demo" / name, two / Path(name).name)
        out.append(("fixtures-2files", two))
    if wanted("fixtures-demo"):
        out.append(("fixtures-demo", ROOT / "fixtures" / "demo"))
    if wanted("fixtures-all"):
        out.append(("fixtures-all", ROOT / "fixtures"))
    if wanted("azureml-corpus") and SHARED_CORPUS.is_dir():
        out.append(("azureml-corpus", SHARED_CORPUS))
    for kind in ("kubernetes", "arm-bicep", "terraform"):
        if wanted(kind):
            out.append((kind, generate.write(kind, work / "gen")))
    for n in args.scale:
        for kind in args.scale_kinds:
            name = f"scale-{kind}-{n}"
            if wanted(name):
                out.append((name, generate.write(f"scale-{kind}", work / "gen", resources=n)))
    return out


def measure(args: argparse.Namespace, work: Path) -> list[Row]:
    rows: list[Row] = []
    for name, path in corpora(args, work):
        files, mb = corpus_size(path)
        repeat = args.repeat if files < 2000 else max(1, args.repeat // 3)
        cache_dir = work / "cache" / name
        cold, resources = time_aipolicy(path, False, repeat, cache_dir, args.jobs)
        rows.append(Row(name, "cold", files, mb, resources, cold.wall, cold.rss_mb, cold.phases))
        warm, _ = time_aipolicy(path, True, repeat, cache_dir, args.jobs)
        rows.append(Row(name, "warm", files, mb, resources, warm.wall, warm.rss_mb, warm.phases))
        copy, toggle = toggling_copy(path, work)
        edit, _ = time_aipolicy(copy, True, repeat, cache_dir, args.jobs, toggle)
        rows.append(Row(name, "edit", files, mb, resources, edit.wall, edit.rss_mb, edit.phases))
        ck = None if args.no_checkov else time_checkov(path, max(1, repeat // 2))
        if ck:
            rows.append(Row(name, "checkov", files, mb, resources, ck.wall, ck.rss_mb, ratio=ck.wall / cold.wall))
        if not args.json:
            print(f"  measured {name}", file=sys.stderr)
    return rows


def table(rows: list[Row]) -> str:
    cols = ("corpus", "mode", "files", "MB", "res", "wall s", "files/s", "MB/s", "RSS MB",
            "start", "parse", "norm", "policies", "eval", "report", "checkov x")
    lines = [" | ".join(cols), " | ".join("---" for _ in cols)]
    for r in rows:
        p = r.phases
        cells = [r.corpus, r.mode, str(r.files), f"{r.mbytes:.3f}", str(r.resources), f"{r.wall:.2f}",
                 f"{r.files_per_s:.0f}", f"{r.mb_per_s:.2f}", f"{r.rss_mb:.0f}"]
        cells += [f"{p[k]:.2f}" if k in p else "" for k in ("start-up", "parse", "normalize", "policies", "evaluate", "report")]
        cells.append(f"{r.ratio:.1f}" if r.ratio else "")
        lines.append(" | ".join(cells))
    return "\n".join("| " + line + " |" for line in lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per corpus and mode (after a warm-up)")
    ap.add_argument("--only", nargs="*", default=[], metavar="PREFIX", help="corpora whose name starts with PREFIX")
    ap.add_argument("--scale", type=lambda s: [int(x) for x in s.split(",") if x], default=[1000, 10000],
                    help="resource counts of the scaling corpora (comma separated; 100000 takes minutes)")
    ap.add_argument("--scale-kinds", type=lambda s: s.split(","), default=["kubernetes", "terraform"])
    ap.add_argument("--jobs", type=int, default=0, help="pass --jobs N to aipolicy (default: its own default)")
    ap.add_argument("--no-checkov", action="store_true", help="do not time checkov even when installed")
    ap.add_argument("--keep", type=Path, help="generate corpora into this folder and keep them")
    ap.add_argument("--json", action="store_true", help="machine output")
    args = ap.parse_args()
    precompile()
    with tempfile.TemporaryDirectory(prefix="aipolicy-bench-") as tmp:
        work = args.keep or Path(tmp)
        rows = measure(args, work)
    if args.json:
        print(json.dumps([dict(asdict(r), files_per_s=r.files_per_s, mb_per_s=r.mb_per_s) for r in rows], indent=2))
    else:
        print(table(rows))


if __name__ == "__main__":
    main()
