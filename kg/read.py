"""Stage 1, read: files and folders in, `Document`s out.

Metadata comes from YAML front matter or, for texts kept verbatim, from a
`catalog.yaml` beside them. Site boilerplate (share prompts, bylines, photo
credits, comment boxes) is dropped by keeping only the useful line spans of the
original text, so every offset the later stages report points into the file
as it is on disk. Anything that is not a readable article is refused with an
`InputError` that names the file.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

from .errors import InputError
from .model import Document

__all__ = ["read", "read_file", "find_inputs", "strip_boilerplate", "parse_published", "MAX_BYTES", "MAX_CHARS"]

MAX_BYTES = 2_000_000
MAX_CHARS = 1_000_000  # spaCy's nlp.max_length: one parse of a longer text fails (and needs GBs of memory)
SUFFIXES = (".txt", ".md")
CATALOG_NAMES = ("catalog.yaml", "catalog.yml")

# Lines that are site furniture, not reporting. Keyword rules only fire on
# short lines, so a real sentence that happens to start with "Print" survives.
_FURNITURE = re.compile(
    r"^(?:share|tweet|email|print|comments?|related articles?|advertisement|open in app|epaper|logo"
    r"|skip to content|breaking news|sentences mode|lock icon|help-image|read more|subscribe|sort by"
    r"|newsletter|font size|article tools|watch .* here|\d+ posts?)\b",
    re.IGNORECASE,
)
_BOILERPLATE_ANYWHERE = re.compile(
    r"\b(?:log ?in|sign ?in|logged in|cookies?|all rights reserved|copyright|privacy policy"
    r"|terms of (?:use|service)|to write comments|social comment|standards board)\b"
    r"|^home\s*>|^print dictionary print$|^(?:translated|edited) (?:from|by)\b"
    r"|^(?:posted|published|updated|modified)(?: on)?:? .{0,12}\d"
    r"|^\d{1,2}:\d{2} [ap]\.?m\.? \w{1,4}\b|^[^.!?]{0,40}https?://\S+$",
    re.IGNORECASE,
)
# Bylines and sign-offs: "By VOA News", "BY PARK HYUN-JU, ...", "From CNN's Kevin Liptak",
# "Kim Jung-sil, Arirang News." (case matters: "By the end of ..." is reporting).
_BYLINE = re.compile(
    r"^From [A-Z][\w ]{0,30}'s [A-Z][\w .-]{0,40}$"
    r"|^(?:[A-Z][\w.'-]+ ){1,3}[A-Z][\w.'-]+, [A-Z][\w ]{2,40}(?:News|TV|Daily|Times|Post|Herald)\.?$"
)


def _is_byline(line: str) -> bool:
    """"By Steve George, Jessie Yeung and Joshua Berlinger, CNN", "By IANS | Updated: ...":
    every word capitalised or a date/number, unlike "By January, the talks had stalled."."""
    words = line.split()
    if not words or words[0] not in ("By", "BY") or len(words) > 25:
        return False
    return all(w[0].isupper() or not w[0].isalpha() or w in ("and", "de", "van", "von") or "@" in w
               for w in words[1:])


def _is_boilerplate(line: str) -> bool:
    words = len(line.split())
    return bool(
        (words <= 8 and _FURNITURE.match(line))
        or (words <= 30 and _BOILERPLATE_ANYWHERE.search(line))
        or _is_byline(line)
        or _BYLINE.match(line)
        or _CREDIT_LINE.match(line)
    )


_LEAD_NOISE = re.compile(
    r"^\s*(?:date \d{4}-\d{2}-\d{2}\s+"
    r"|[A-Z][A-Za-z .'-]{1,30}, [A-Z][a-z]{2,8}\.? \d{1,2}(?: \([A-Za-z/ .-]{2,30}\))?\s*(?:--|—|–|-)?\s+"
    r"(?=[A-Z])"
    r"|[A-Z]{3,}(?:,? [A-Z]{2,})?\s*(?:—|--|–)\s+"  # "WASHINGTON — "
    r"|[A-Z]{3,}(?:,? [A-Z]{2,})?(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2})?\s*\([A-Za-z/ .-]{2,30}\)"
    r"\s*(?:—|--|–|-)\s+)"  # "SEOUL (Reuters) - ", "SEOUL, South Korea (AP) — "
)
_CREDIT_TAIL = re.compile(r"\s*(?:\[[A-Z][A-Za-z/ .]*\]|\((?:[^()]*/){1,}[^()]*\))\s*$")
_CREDIT_LINE = re.compile(r"^[A-Z][\w.' -]{1,40}\s*/\s*[A-Z][\w/ .-]{1,40}$")
_EMAIL = re.compile(r"\[\[?[^\]]*(?:@|email\s+protected)[^\]]*\]?\]")
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)  # UTF-32-LE starts like UTF-16-LE
_QUOTES = str.maketrans("‘’“”", "''\"\"")


def read(paths: Sequence[str | Path], *, max_bytes: int = MAX_BYTES,
         on_error: Callable[[InputError], None] | None = None) -> list[Document]:
    """Read every article under `paths` (files or folders), sorted by id.

    `on_error`, when given, receives each `InputError` and the file is skipped
    (`kg build --keep-going`); otherwise the first bad file stops the build
    before anything is written.
    """
    docs: dict[str, Document] = {}
    for path, meta in find_inputs(paths):
        try:
            doc = read_file(path, meta, max_bytes=max_bytes)
            if doc.id in docs:
                raise InputError(f"two inputs share the id {doc.id!r} (also {docs[doc.id].path})",
                                 path=path, hint="rename one file")
        except InputError as err:
            if on_error is None:
                raise
            on_error(err)
            continue
        docs[doc.id] = doc
    if not docs and on_error is not None:
        raise InputError("no readable article", path=", ".join(str(p) for p in paths))
    return [docs[k] for k in sorted(docs)]


def find_inputs(paths: Sequence[str | Path]) -> list[tuple[Path, dict]]:
    """Expand folders into their articles, each with its catalog entry (or {})."""
    if not paths:
        raise InputError("no input given", hint="pass a folder or .txt/.md files")
    found: list[tuple[Path, dict]] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError("no such file or folder", path=path)
        if path.is_dir():
            catalog = _load_catalog(path)
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not files:
                raise InputError("folder has no .txt or .md article to read", path=path)
            found += [(f, catalog.get(f.name, {})) for f in files]
        elif path.suffix.lower() in SUFFIXES:
            found.append((path, _load_catalog(path.parent).get(path.name, {})))
        else:
            raise InputError(f"not an article (expected {' or '.join(SUFFIXES)})", path=path)
    unique: dict[Path, tuple[Path, dict]] = {}
    for path, meta in found:  # `kg build seeds seeds/a.txt` reads a.txt once
        unique.setdefault(path.resolve(), (path, meta))
    return list(unique.values())


def read_file(path: str | Path, meta: dict | None = None, *, max_bytes: int = MAX_BYTES) -> Document:
    path = Path(path)
    try:
        if not path.is_file():
            raise InputError("not a regular file", path=path)
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"file is {size:,} bytes, above the {max_bytes:,}-byte limit",
                             path=path, hint="split it, or raise --max-bytes")
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read the file: {err.strerror or err}", path=path) from None
    if not raw.strip():
        raise InputError("file is empty", path=path)
    if b"\x00" in raw[:8192] and not raw.startswith(_WIDE_BOMS):
        raise InputError("binary file, not text", path=path)
    text = _decode(raw, path, (meta or {}).get("encoding") or _declared_encoding(raw))
    if _looks_binary(text):
        raise InputError("binary file, not text", path=path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    front, body_start = _front_matter(text, path)
    meta = {**front, **(meta or {})}
    segments = strip_boilerplate(text, body_start)
    if not segments:
        raise InputError("no article text after the front matter and boilerplate", path=path)
    chars = sum(e - s for s, e in segments) + len(Document.SEP) * (len(segments) - 1)
    if chars > MAX_CHARS:
        raise InputError(f"article text is {chars:,} characters, above spaCy's {MAX_CHARS:,}-character limit",
                         path=path, hint="split it into several articles")
    for key in ("title", "outlet", "url", "published", "date"):
        if isinstance(meta.get(key), (dict, list)):
            raise InputError(f"'{key}' must be a single value, not a list or mapping", path=path)
    published = parse_published(meta.get("published", meta.get("date")), path)
    authors = meta.get("authors", meta.get("author", ()))
    if isinstance(authors, str):
        authors = [a.strip() for a in re.split(r",| and ", authors) if a.strip()]
    elif not isinstance(authors, (list, tuple)):
        authors = [authors] if authors else []
    if any(isinstance(a, (dict, list)) for a in authors):
        raise InputError("'authors' must be a name or a list of names", path=path)
    title = str(meta.get("title") or text[segments[0][0]:segments[0][1]]).strip()
    return Document(
        id=path.stem, path=str(path), text=text, published=published, title=title,
        outlet=str(meta.get("outlet") or ""), url=str(meta.get("url") or ""),
        authors=tuple(str(a) for a in authors), segments=tuple(segments),
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def strip_boilerplate(text: str, start: int = 0) -> list[tuple[int, int]]:
    """The (start, end) spans of `text` worth reading: one per useful line,
    trimmed of photo credits and lead-in noise, with repeated lines (a photo
    caption printed twice, the headline again) kept once."""
    spans: list[tuple[int, int]] = []
    seen: set[str] = set()
    pos = start
    for line in text[start:].split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        lead = _LEAD_NOISE.match(line)
        if lead:
            s += lead.end()
        tail = _CREDIT_TAIL.search(text, s, e)
        if tail:
            e = tail.start()
        chunk = text[s:e]
        s += len(chunk) - len(chunk.lstrip())
        e -= len(chunk) - len(chunk.rstrip())
        chunk = _EMAIL.sub("", text[s:e]).strip()
        ends_sentence = chunk.endswith((".", "!", "?", '"', "”", "’", "'"))
        if not chunk or not ends_sentence and (len(chunk.split()) < 3 or chunk[0].islower()):
            continue
        key = chunk.translate(_QUOTES)
        if _is_boilerplate(chunk) or key in seen:
            continue
        seen.add(key)
        spans.append((s, e))
    return [(s, e) for s, e in spans if not _is_teaser(text[s:e], text, spans)]


def _is_teaser(chunk: str, text: str, spans: list[tuple[int, int]]) -> bool:
    """A line cut off with '...' that another kept line spells out in full."""
    if not chunk.endswith(("...", "…")):
        return False
    head = chunk.rstrip(".… ")
    return any(text[s:e].startswith(head) and text[s:e] != chunk for s, e in spans)


def parse_published(value: object, path: str | Path) -> dt.date | None:
    """A publication date from metadata; None when absent, an error when unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?", text)
    try:
        if m:
            return dt.date(*(int(g) for g in m.groups()))
        import dateparser

        # absolute dates only: "yesterday" would depend on the day of the build
        parsed = dateparser.parse(text, languages=["en"], settings={
            "STRICT_PARSING": True, "PARSERS": ["custom-formats", "absolute-time"]})
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None:
        raise InputError(f"unknown published date {text!r}", path=path, hint="use YYYY-MM-DD")
    return parsed.date()


def _decode(raw: bytes, path: Path, encoding: str | None) -> str:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                       (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            encoding = codec
            break
    encoding = encoding or "utf-8"
    try:
        known = codecs.lookup(encoding)._is_text_encoding
    except LookupError:
        known = False
    if not known:
        raise InputError(f"unknown encoding {encoding!r}", path=path,
                         hint="declare a Python codec name such as utf-8 or latin-1")
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as err:
        bad = raw[err.start:err.start + 1].hex()
        raise InputError(f"not valid {encoding} text (byte 0x{bad} at offset {err.start})", path=path,
                         hint="convert it to UTF-8, or declare 'encoding:' in its front matter or catalog"
                         ) from None


def _declared_encoding(raw: bytes) -> str | None:
    """`encoding:` in front matter, read before decoding (front matter is ASCII)."""
    if not raw.startswith(b"---"):
        return None
    head = raw[:4096].split(b"\n---", 1)[0].decode("latin-1")
    m = re.search(r"^(?:encoding|charset):\s*[\"']?([\w.-]+)", head, re.MULTILINE)
    return m.group(1) if m else None


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return controls > max(8, len(sample) // 100)


def _front_matter(text: str, path: Path) -> tuple[dict, int]:
    """Parse a leading `---` block; return its mapping and where the body starts."""
    stripped = text.lstrip("\ufeff")
    offset = len(text) - len(stripped)
    if not re.match(r"---[ \t]*\n", stripped):
        return {}, 0
    close = re.search(r"^(?:---|\.\.\.)[ \t]*$", stripped[3:], re.MULTILINE)
    if not close:
        raise InputError("front matter opened with '---' on line 1 is never closed", path=path,
                         hint="end it with a line of '---'")
    block = stripped[3:3 + close.start()]
    try:
        data = yaml.safe_load(block) or {}
    except yaml.YAMLError as err:
        # the block starts with the rest of line 1 (after '---'), so block line n is file line n + 1
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(err, "problem", None) or "syntax error"
        raise InputError(f"front matter is not valid YAML{where}: {problem}", path=path) from None
    except ValueError as err:  # a well-formed but impossible value: `published: 2025-13-45`
        raise InputError(f"front matter has an impossible value: {err}", path=path) from None
    if not isinstance(data, dict):
        raise InputError("front matter is not a mapping of 'key: value' lines", path=path)
    return {str(k).lower(): v for k, v in data.items()}, offset + 3 + close.end()


def _load_catalog(folder: Path) -> dict[str, dict]:
    for name in CATALOG_NAMES:
        path = folder / name
        if path.is_file():
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except (yaml.YAMLError, UnicodeDecodeError, ValueError) as err:
                raise InputError(f"catalog is not valid YAML: {str(err).splitlines()[0]}", path=path) from None
            except OSError as err:
                raise InputError(f"cannot read the catalog: {err.strerror or err}", path=path) from None
            if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
                raise InputError("catalog must map file names to metadata mappings", path=path)
            return {str(k): {str(kk).lower(): vv for kk, vv in v.items()} for k, v in data.items()}
    return {}

