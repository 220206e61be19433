"""Stage 7, export: every format from the same built graph, written atomically.

A registry keyed by format name, with aliases, like rdflib's plugin registry.
Each exporter is `write(result, dest: Path)`; modules are imported only when
their format is asked for. `write_all` renders every requested format into a
staging folder first and only then moves the files into place, so a failure
never leaves a half-written export behind.
"""

from __future__ import annotations

import importlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..errors import ExportError

if TYPE_CHECKING:
    from ..pipeline import BuildResult

__all__ = ["FORMATS", "ALIASES", "DEFAULT_FORMATS", "get", "write_all", "atomic_write", "atomic_writer"]

# name -> (module, function, file name under the output folder)
FORMATS: dict[str, tuple[str, str, str]] = {
    "turtle": ("kg.export.rdf", "write_turtle", "graph.ttl"),
    "trig": ("kg.export.rdf", "write_trig", "graph.trig"),
    "nt": ("kg.export.rdf", "write_ntriples", "graph.nt"),
    "jsonld": ("kg.export.rdf", "write_jsonld", "graph.jsonld"),
    "events": ("kg.export.events", "write", "events.json"),
    "neo4j": ("kg.export.neo4j", "write", "neo4j"),
    "graphml": ("kg.export.graphml", "write", "graph.graphml"),
    "html": ("kg.export.html", "write", "graph.html"),
}
ALIASES = {"ttl": "turtle", "n-triples": "nt", "ntriples": "nt", "json-ld": "jsonld", "events.json": "events",
           "timeline": "events"}
DEFAULT_FORMATS = tuple(FORMATS)


def canonical(name: str) -> str:
    key = ALIASES.get(name.lower(), name.lower())
    if key not in FORMATS:
        choices = ", ".join(sorted(FORMATS))
        raise ExportError(f"unknown export format {name!r} (choose from {choices})")
    return key


def get(name: str) -> tuple[Callable[[BuildResult, Path], None], str]:
    module, func, filename = FORMATS[canonical(name)]
    return getattr(importlib.import_module(module), func), filename


def write_all(result: BuildResult, out: str | Path, formats: Iterable[str] | None = None,
              on_progress: Callable[[str], None] | None = None,
              timings: dict[str, float] | None = None) -> list[Path]:
    """Write each format under `out`; returns the final paths. Each format's
    seconds go into `timings` as `export:<name>` (the benchmark reads them)."""
    out = Path(out)
    names = [canonical(f) for f in (formats or DEFAULT_FORMATS)]
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".kg-export-", dir=out))
    except OSError as err:
        raise ExportError(f"cannot write to the output folder: {err.strerror}", path=out) from None
    written = []
    try:
        for name in names:
            writer, filename = get(name)
            if on_progress:
                on_progress(name)
            tick = time.perf_counter()
            writer(result, staging / filename)
            if timings is not None:
                timings[f"export:{name}"] = time.perf_counter() - tick
        for item in sorted(staging.iterdir()):
            target = out / item.name
            if item.is_dir():
                if target.exists():
                    shutil.rmtree(target)
                _readable(item, 0o777)
                os.replace(item, target)
            else:
                os.replace(item, target)
            written.append(target)
    except OSError as err:
        raise ExportError(f"cannot write the export: {err.strerror}", path=getattr(err, "filename", out)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written


def _readable(path: Path, mode: int) -> None:
    """Temporary files and folders are private (0600/0700); exports get the
    usual permissions, as if created directly under the user's umask."""
    umask = os.umask(0)
    os.umask(umask)
    path.chmod(mode & ~umask)


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        _readable(Path(tmp), 0o666)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def atomic_writer(path: Path) -> Iterator[TextIO]:
    """A UTF-8 text file to stream a large export into, without holding it all
    in memory; it replaces `path` only if the block finishes without error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as fh:
            yield fh
        _readable(Path(tmp), 0o666)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
