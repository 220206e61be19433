"""The incremental-build cache: one document's extraction, kept until its input
or the code that made it changes.

Parsing is nearly all of a build's time, and an extraction depends only on the
document (its bytes and metadata) and on the pipeline (kg's source, the rule
data in ontology/*.jsonl, the spaCy model). Each entry's key hashes all of
these, so re-running `kg build` after adding one article parses that article
alone, and any change to code, rules or model parses everything again, which
gives exactly what a full rebuild gives.

Entries are JSON (not pickle: loading a cache must never run code), written
atomically (temporary file, then rename); an entry that cannot be read or does
not decode is deleted and recomputed, never an error. Entries live under a
folder named after the pipeline's fingerprint, and folders of other
fingerprints are removed on the first write, so the cache does not grow with
every code change.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
from datetime import date
from functools import lru_cache
from pathlib import Path

from . import model
from .model import DocExtraction, Document

__all__ = ["ExtractionCache", "fingerprint", "default_dir", "DIRNAME"]

DIRNAME = ".kg-cache"
PACKAGE_DIR = Path(__file__).resolve().parent
# The only types an entry may decode to: the dataclasses of kg.model.
_TYPES = {name: cls for name, cls in vars(model).items() if isinstance(cls, type) and dataclasses.is_dataclass(cls)}


def default_dir(out: str | Path) -> Path:
    """`.kg-cache/` beside the output folder (not inside it: the output holds
    exports only, and the repository ignores `.kg-cache/`)."""
    return Path(out).resolve().parent / DIRNAME


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Hash of everything besides the document that decides its extraction."""
    from .gazetteer import ONTOLOGY_DIR
    from .nlp import MODELS, PIPELINE_VERSION

    h = hashlib.sha256(f"kg-pipeline {PIPELINE_VERSION}\n".encode())
    for base, pattern in ((PACKAGE_DIR, "**/*.py"), (ONTOLOGY_DIR, "*.jsonl")):
        for path in sorted(base.glob(pattern)):
            h.update(f"{base.name}/{path.relative_to(base).as_posix()}\n".encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
    import spacy
    from importlib.metadata import PackageNotFoundError, version

    h.update(f"spacy {spacy.__version__}\n".encode())
    for name in MODELS:
        try:
            h.update(f"{name} {version(name.replace('_', '-'))}\n".encode())
        except PackageNotFoundError:
            h.update(f"{name} absent\n".encode())
    return h.hexdigest()


class ExtractionCache:
    """Extractions on disk under `root`, keyed by document and pipeline.
    `hits` and `misses` count lookups, for the build summary and tests."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.dir = self.root / fingerprint()[:24]
        self.hits = 0
        self.misses = 0
        self._pruned = False

    def key(self, doc: Document) -> str:
        """The document's content hash and every metadata field extraction reads."""
        meta = {"id": doc.id, "sha256": doc.sha256, "published": doc.published.isoformat() if doc.published else None,
                "title": doc.title, "outlet": doc.outlet, "url": doc.url, "authors": list(doc.authors),
                "segments": [list(s) for s in doc.segments], "pipeline": fingerprint()}
        return hashlib.sha256(json.dumps(meta, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    def _path(self, doc: Document) -> Path:
        key = self.key(doc)
        return self.dir / key[:2] / f"{key}.json"

    def get(self, doc: Document) -> DocExtraction | None:
        """The cached extraction of `doc` (with `doc` itself in it), or None."""
        path = self._path(doc)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            found = _decode(entry["extraction"])
            if entry["doc"] != doc.id or not isinstance(found, DocExtraction):
                raise ValueError("not this document's extraction")
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
            try:
                path.unlink(missing_ok=True)  # corrupt or unreadable: recompute it
            except OSError:
                pass
            self.misses += 1
            return None
        self.hits += 1
        return dataclasses.replace(found, doc=doc)

    def put(self, doc: Document, extraction: DocExtraction) -> None:
        """Store atomically; a cache that cannot be written only costs speed."""
        path = self._path(doc)
        try:
            self._prune()
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    # the document itself is not stored: `get` puts the one just read back in
                    entry = {"doc": doc.id, "extraction": _encode(dataclasses.replace(extraction, doc=None))}
                    json.dump(entry, fh, ensure_ascii=False, separators=(",", ":"))
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            pass

    def _prune(self) -> None:
        """Drop the entries of other fingerprints (older code or rules)."""
        if self._pruned:
            return
        self._pruned = True
        if self.root.is_dir():
            for other in self.root.iterdir():
                if other.is_dir() and other != self.dir:
                    shutil.rmtree(other, ignore_errors=True)


def _encode(value):
    """JSON for dataclasses, tuples and dates, tagged so that `_decode` can
    rebuild exactly the same values."""
    if dataclasses.is_dataclass(value):
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$type": type(value).__name__, "fields": fields}
    if isinstance(value, tuple):
        return {"$tuple": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {"$dict": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _decode(value):
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        if "$type" in value:
            cls = _TYPES[value["$type"]]
            return cls(**{k: _decode(v) for k, v in value["fields"].items()})
        if "$tuple" in value:
            return tuple(_decode(v) for v in value["$tuple"])
        if "$dict" in value:
            return {_decode(k): _decode(v) for k, v in value["$dict"]}
        if "$date" in value:
            return date.fromisoformat(value["$date"])
        raise ValueError("untagged object in a cache entry")
    return value
