"""`kg build` and `kg validate`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import app, console, err_console, handle_errors
from ..errors import InputError

__all__ = ["build", "validate"]

DEFAULT_INPUT = Path("seeds")
DEFAULT_OUT = Path("exports")


def _parse_shard(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    k, sep, n = value.partition("/")
    if not (sep and k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise typer.BadParameter(f"{value!r} is not K/N with 1 <= K <= N (e.g. 2/4)")
    return int(k), int(n)


@app.command()
@handle_errors
def build(
    inputs: list[Path] = typer.Argument(None, help="Folders or .txt/.md articles (default: seeds/)."),
    out: Path = typer.Option(DEFAULT_OUT, "--out", "-o", help="Folder to write the exports into."),
    formats: list[str] = typer.Option(None, "--format", "-f",
                                      help="Export only these formats (repeatable; default: all)."),
    keep_going: bool = typer.Option(False, "--keep-going", help="Skip unreadable files instead of stopping."),
    max_bytes: int = typer.Option(None, "--max-bytes", help="Largest article accepted, in bytes (default 2 MB)."),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0,
                             help="Processes for parsing (default 0: one per core once the corpus is large enough "
                                  "to repay starting them)."),
    cache: Path = typer.Option(None, "--cache", help="Cache folder for incremental builds "
                                                     "(default: .kg-cache/ beside --out)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Parse every article again; neither read nor write "
                                                           "the cache."),
    shard: str = typer.Option(None, "--shard", metavar="K/N", callback=_parse_shard,
                              help="Build only the K-th of N parts of the inputs (several machines sharing one "
                                   "--cache; see README: Scaling out)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
) -> None:
    """Build the knowledge graph of INPUTS and write every export into --out."""
    from ..cache import default_dir
    from ..export import canonical
    from ..pipeline import build as run_build

    formats = [canonical(f) for f in formats or ()]  # an unknown format fails before the build, not after
    inputs = inputs or [DEFAULT_INPUT]
    if not quiet and len(inputs) == 1 and inputs[0] == DEFAULT_INPUT and not DEFAULT_INPUT.exists():
        raise InputError("no input given and no seeds/ folder here", path=DEFAULT_INPUT)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err_console, transient=True, disable=quiet or not err_console.is_terminal) as bar:
        task = bar.add_task("parsing", total=None)
        reused = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage == "cached":
                reused["cached"] = done
            bar.update(task, completed=done, total=total, description=stage)

        result = run_build(inputs, keep_going=keep_going, max_bytes=max_bytes, n_process=jobs,
                           progress=progress, cache_dir=None if no_cache else cache or default_dir(out),
                           shard=shard)
        bar.update(task, description="exporting", completed=0, total=None)
        paths = result.write(out, formats or None)
    for line in result.skipped:
        err_console.print(f"Warning: skipped {line}", markup=False, highlight=False, soft_wrap=True)
    if not quiet:
        _summary(result, out, paths, reused.get("cached"))


def _summary(result, out: Path, paths: list[Path], cached: int | None = None) -> None:
    s = result.summary()
    table = Table(title=f"kg build → {out}/", show_header=False, box=None)
    parsed = "" if cached is None else f"  ({s['documents'] - cached} parsed, {cached} from the cache)"
    table.add_row("documents", str(s["documents"]) + parsed)
    table.add_row("actors", str(s["actors"]))
    table.add_row("events", str(s["events"]) + "  (" + ", ".join(f"{k} {v}" for k, v in s["events_by_type"].items())
                  + ")")
    table.add_row("triples", str(s["triples"]))
    table.add_row("SHACL", "conforms" if result.report.conforms else "violations")
    table.add_row("warnings", str(s["warnings"]))
    table.add_row("files", ", ".join(p.name for p in paths))
    console.print(table)


@app.command()
@handle_errors
def validate(
    inputs: list[Path] = typer.Argument(None, help="Folders or articles to build and check (default: seeds/)."),
) -> None:
    """Build INPUTS in memory and check the graph against ontology/shapes.ttl (exit 1 if it breaks them)."""
    from ..pipeline import build as run_build

    result = run_build(inputs or [DEFAULT_INPUT])
    console.print(str(result.report), markup=False)
