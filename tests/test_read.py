"""Stage 1, read: what goes in, what is refused, and how offsets survive stripping.

Every bad input of issue 3 is generated in tmp_path and goes through both the
Python API (`kg.read.read` raises `InputError` naming the file) and the CLI
(exit 2, exactly one `Error: <path>: …` line, no traceback, nothing written).
"""

from __future__ import annotations

import codecs
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import InputError
from kg.read import MAX_BYTES, MAX_CHARS, read, read_file

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

GOOD = "U.S. President Donald Trump met North Korean leader Kim Jong-un in Singapore on June 12, 2018.\n"
FRONT = "---\ntitle: A test article\noutlet: Test Wire\npublished: 2018-06-13\n---\n"


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


# -- bad inputs ------------------------------------------------------------------
# Each case makes its input under tmp_path and returns (what to pass, the file the
# error must name); `expect` is a fragment of the message that proves the right check fired.


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as fh:  # a hole, not 50 MB of writes
        fh.truncate(size)
    return path


def _empty_folder(tmp: Path) -> Path:
    folder = tmp / "nothing"
    write(folder / "notes.csv", "a,b\n")
    write(folder / ".hidden" / "draft.txt", GOOD)  # hidden folders are not read either
    return folder


def _bad_catalog(tmp: Path) -> tuple[Path, Path]:
    write(tmp / "verbatim" / "a.txt", GOOD)
    catalog = write(tmp / "verbatim" / "catalog.yaml", "a.txt: [unclosed\n")
    return tmp / "verbatim", catalog


Maker = Callable[[Path], "Path | tuple[Path, Path]"]
BAD_INPUTS: dict[str, tuple[Maker, str]] = {
    "empty": (lambda t: write(t / "empty.txt", b""), "file is empty"),
    "blank": (lambda t: write(t / "blank.txt", " \n\n\t \n"), "file is empty"),
    "binary": (lambda t: write(t / "image.txt", bytes(range(256)) * 40), "binary file"),
    "binary-no-nul": (lambda t: write(t / "ctrl.txt", bytes(range(1, 32)) * 200), "binary file"),
    "non-utf8": (lambda t: write(t / "latin.txt", "Caf\u00e9 diplomacy resumed.\n".encode("latin-1")),
                 "not valid utf-8 text (byte 0xe9"),
    "50MB": (lambda t: _sparse(t / "huge.txt", 50 * 1024 * 1024), "above the 2,000,000-byte limit"),
    "over-spacy-max-length": (lambda t: write(t / "long.txt", "".join(  # under 2 MB, over 1M characters
        f"Report {i}: Trump met Kim in Singapore, an official said to reporters in statement {i}.\n"
        for i in range(12_000))), "above spaCy's 1,000,000-character limit"),
    "front-matter-unclosed": (lambda t: write(t / "unclosed.txt", "---\ntitle: x\n" + GOOD), "never closed"),
    "front-matter-invalid-yaml": (lambda t: write(t / "yaml.txt", "---\ntitle: [x\n---\n" + GOOD),
                                  "front matter is not valid YAML"),
    "front-matter-yaml-line": (lambda t: write(t / "line.md", "---\ntitle: ok\nfoo: bar: baz\n---\n" + GOOD),
                               "not valid YAML at line 3"),
    "front-matter-list": (lambda t: write(t / "list.txt", "---\n- a\n- b\n---\n" + GOOD), "not a mapping"),
    "front-matter-scalar": (lambda t: write(t / "scalar.txt", "---\njust words\n---\n" + GOOD), "not a mapping"),
    "front-matter-only": (lambda t: write(t / "nobody.txt", FRONT), "no article text"),
    "published-unknown": (lambda t: write(t / "date.txt", "---\npublished: someday soon\n---\n" + GOOD),
                          "unknown published date 'someday soon'"),
    "published-relative": (lambda t: write(t / "rel.txt", "---\npublished: yesterday\n---\n" + GOOD),
                           "unknown published date 'yesterday'"),
    "published-impossible": (lambda t: write(t / "feb30.txt", "---\npublished: 2025-13-45\n---\n" + GOOD),
                             "impossible value"),
    "published-impossible-string": (lambda t: write(t / "feb31.txt", "---\npublished: '2025-02-31'\n---\n" + GOOD),
                                    "unknown published date '2025-02-31'"),
    "title-list": (lambda t: write(t / "tl.txt", "---\ntitle: [a, b]\n---\n" + GOOD), "'title' must be a single value"),
    "authors-nested": (lambda t: write(t / "au.txt", "---\nauthors: [[a], b]\n---\n" + GOOD),
                       "'authors' must be a name or a list of names"),
    "encoding-unknown": (lambda t: write(t / "enc.txt", "---\nencoding: klingon\n---\n" + GOOD),
                         "unknown encoding 'klingon'"),
    "encoding-not-text": (lambda t: write(t / "rot.txt", "---\nencoding: rot13\n---\n" + GOOD),
                          "unknown encoding 'rot13'"),
    "missing-path": (lambda t: t / "does-not-exist.txt", "no such file or folder"),
    "wrong-suffix": (lambda t: write(t / "article.pdf", GOOD), "not an article"),
    "empty-folder": (_empty_folder, "no .txt or .md article"),
    "catalog-invalid": (_bad_catalog, "catalog is not valid YAML"),
}


def _make(tmp_path: Path, case: str) -> tuple[Path, Path, str]:
    maker, expect = BAD_INPUTS[case]
    made = maker(tmp_path)
    given, named = made if isinstance(made, tuple) else (made, made)
    return given, named, expect


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_raises_input_error_naming_the_file(tmp_path, case):
    given, named, expect = _make(tmp_path, case)
    with pytest.raises(InputError) as info:
        read([given])
    err = info.value
    assert err.path == str(named)
    assert str(err).startswith(f"{named}: ")
    assert expect in str(err)
    assert "\n" not in str(err)


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_is_one_error_line_and_exit_2(tmp_path, runner, case):
    given, named, expect = _make(tmp_path, case)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(given), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # handled, not a crash
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: {named}: ")
    assert expect in lines[0]
    assert not out.exists(), "a refused build must not create or touch the output folder"


def test_max_bytes_option_lowers_the_limit(tmp_path, runner):
    path = write(tmp_path / "a.txt", GOOD * 20)
    result = runner.invoke(app, ["build", str(path), "--max-bytes", "100", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {path}: file is {path.stat().st_size:,} bytes, above the 100-byte limit " \
                            "(split it, or raise --max-bytes) [E100]\n"


def test_a_file_given_twice_is_read_once(tmp_path):
    path = write(tmp_path / "in" / "a.txt", GOOD)
    assert [d.id for d in read([tmp_path / "in", path, path])] == ["a"]


def test_two_files_with_one_id_are_refused(tmp_path):
    write(tmp_path / "in" / "a.txt", GOOD)
    write(tmp_path / "in" / "sub" / "a.md", GOOD)
    with pytest.raises(InputError, match="share the id 'a'"):
        read([tmp_path / "in"])


def test_no_input_at_all_is_an_input_error():
    with pytest.raises(InputError, match="no input given"):
        read([])


# -- --keep-going ------------------------------------------------------------------


@pytest.fixture
def mixed_folder(tmp_path) -> Path:
    folder = tmp_path / "mixed"
    write(folder / "good.txt", FRONT + GOOD)
    write(folder / "broken.txt", bytes(range(256)) * 8)
    return folder


def test_read_on_error_skips_bad_files(mixed_folder):
    errors: list[InputError] = []
    docs = read([mixed_folder], on_error=errors.append)
    assert [d.id for d in docs] == ["good"]
    assert [e.path for e in errors] == [str(mixed_folder / "broken.txt")]


def test_keep_going_warns_and_builds_the_good_files(mixed_folder, tmp_path, runner):
    import json

    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(mixed_folder), "--out", str(out), "--keep-going", "-q"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    assert warnings == [f"Warning: skipped {mixed_folder / 'broken.txt'}: binary file, not text [E100]"]
    data = json.loads((out / "events.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in data["documents"]] == ["good"]


def test_without_keep_going_one_bad_file_stops_the_build(mixed_folder, tmp_path, runner):
    result = runner.invoke(app, ["build", str(mixed_folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {mixed_folder / 'broken.txt'}: binary file")


def test_keep_going_with_nothing_readable_is_still_an_error(tmp_path, runner):
    folder = tmp_path / "allbad"
    write(folder / "a.txt", b"")
    result = runner.invoke(app, ["build", str(folder), "--out", str(tmp_path / "out"), "--keep-going"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: {folder}: no readable article [E100]"


# -- what is accepted ----------------------------------------------------------------


def test_front_matter_fields_are_read(tmp_path):
    path = write(tmp_path / "fm.md", (
        "---\n"
        "title: \"Trump and Kim meet in Singapore\"\n"
        "Outlet: Test Wire\n"
        "published: June 13, 2018\n"
        "url: https://example.org/a\n"
        "authors: Jane Roe and John Doe\n"
        "---\n" + GOOD))
    doc = read_file(path)
    assert (doc.id, doc.title, doc.outlet, doc.url) == ("fm", "Trump and Kim meet in Singapore", "Test Wire",
                                                       "https://example.org/a")
    assert doc.published == dt.date(2018, 6, 13)
    assert doc.authors == ("Jane Roe", "John Doe")
    assert "title:" not in doc.body and doc.body.strip() == GOOD.strip()


@pytest.mark.parametrize("authors, expected", [
    ("[Jane Roe, John Doe]", ("Jane Roe", "John Doe")),
    ("Jane Roe, John Doe", ("Jane Roe", "John Doe")),
    ("", ()),
    ("42", ("42",)),
])
def test_authors_in_any_yaml_shape(tmp_path, authors, expected):
    path = write(tmp_path / "a.txt", f"---\nauthors: {authors}\n---\n" + GOOD)
    assert read_file(path).authors == expected


def test_title_defaults_to_the_first_kept_line(tmp_path):
    path = write(tmp_path / "plain.txt", "Summit in Singapore ends with a deal\n\n" + GOOD)
    doc = read_file(path)
    assert doc.title == "Summit in Singapore ends with a deal"
    assert doc.published is None


def test_folder_reads_txt_and_md_recursively_sorted_by_id(tmp_path):
    write(tmp_path / "in" / "b.md", GOOD)
    write(tmp_path / "in" / "sub" / "a.txt", GOOD)
    write(tmp_path / "in" / ".git" / "c.txt", GOOD)
    write(tmp_path / "in" / "notes.json", "{}")
    assert [d.id for d in read([tmp_path / "in"])] == ["a", "b"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "utf-32"])
def test_bom_and_utf16_files_decode(tmp_path, encoding):
    text = "---\ntitle: Caf\u00e9 talks\n---\nKim Jong-un\u2019s letter reached Trump.\r\n"
    if encoding.endswith("-bom"):
        codec = encoding[:-4]
        bom = codecs.BOM_UTF16_LE if codec == "utf-16-le" else codecs.BOM_UTF16_BE
        raw = bom + text.encode(codec)
    else:
        raw = text.encode(encoding)
    doc = read_file(write(tmp_path / "wide.txt", raw))
    assert doc.title == "Caf\u00e9 talks"
    assert doc.body == "Kim Jong-un\u2019s letter reached Trump."


def test_declared_latin1_encoding_is_honoured(tmp_path):
    raw = "---\nencoding: latin-1\ntitle: Caf\u00e9\n---\nThe caf\u00e9 summit ended without a deal.\n".encode("latin-1")
    doc = read_file(write(tmp_path / "latin.txt", raw))
    assert doc.title == "Caf\u00e9"
    assert "caf\u00e9 summit" in doc.body


def test_catalog_encoding_is_honoured(tmp_path):
    write(tmp_path / "in" / "old.txt", "The caf\u00e9 summit ended without a deal.\n".encode("cp1252"))
    write(tmp_path / "in" / "catalog.yaml", "old.txt:\n  encoding: cp1252\n  published: 2019-02-28\n")
    [doc] = read([tmp_path / "in"])
    assert "caf\u00e9" in doc.body and doc.published == dt.date(2019, 2, 28)


def test_crlf_line_endings_read_like_lf(tmp_path):
    doc = read_file(write(tmp_path / "dos.txt", (FRONT + GOOD + "\n" + GOOD).replace("\n", "\r\n")))
    assert "\r" not in doc.body and doc.title == "A test article"


# -- the seeds: catalog metadata, boilerplate stripping, offsets -----------------------


@pytest.fixture(scope="module")
def seed_docs():
    return read([SEEDS])


@pytest.fixture(scope="module")
def catalog() -> dict:
    return yaml.safe_load((SEEDS / "catalog.yaml").read_text(encoding="utf-8"))


def test_catalog_metadata_applies_to_verbatim_seeds(seed_docs, catalog):
    assert sorted(f"{d.id}.txt" for d in seed_docs) == sorted(catalog)
    for doc in seed_docs:
        meta = catalog[f"{doc.id}.txt"]
        assert doc.title == meta["title"]
        assert doc.outlet == meta["outlet"]
        assert doc.published == meta["published"]
        assert doc.url == meta["url"]
        assert doc.authors == tuple(meta.get("authors", ()))
        assert not doc.text.startswith("---"), "seeds are verbatim: no front matter"


def test_catalog_in_any_folder_applies(tmp_path):
    write(tmp_path / "in" / "x.txt", GOOD)
    write(tmp_path / "in" / "catalog.yml", "x.txt:\n  outlet: Wire\n  published: 2018-06-13\n")
    [doc] = read([tmp_path / "in" / "x.txt"])  # also when the file is named directly
    assert (doc.outlet, doc.published) == ("Wire", dt.date(2018, 6, 13))


def test_every_kept_segment_maps_back_to_the_original(seed_docs):
    for doc in seed_docs:
        assert doc.segments
        for s, e in doc.segments:
            assert 0 <= s < e <= len(doc.text)
            assert doc.text[s:e] in doc.body


def test_to_original_maps_body_offsets_to_the_same_characters(seed_docs):
    for doc in seed_docs:
        body = doc.body
        pos = 0
        for s, e in doc.segments:
            for k in range(pos, pos + e - s):
                assert doc.text[doc.to_original(k)] == body[k], (doc.id, k)
            pos += e - s + len(doc.SEP)


def test_boilerplate_is_dropped_and_reporting_kept(seed_docs):
    doc = next(d for d in seed_docs if d.id.startswith("000_"))
    for furniture in ("Log in to Twitter", "print dictionary print", "Home > National", "To write comments",
                      "[AP/YONHAP]", "BY PARK HYUN-JU", "Standards Board Policy", "Related Article"):
        assert furniture in doc.text and furniture not in doc.body, furniture
    for reporting in ("NK News reported Wednesday", "three days later he signaled",
                      "By the end of his first term, the two leaders had exchanged 27 personal letters"):
        assert reporting in doc.body, reporting


def test_duplicate_photo_caption_is_kept_once(seed_docs):
    doc = next(d for d in seed_docs if d.id.startswith("000_"))
    caption = "U.S. President Donald Trump, right, meets with North Korean leader Kim Jong-un on Sentosa Island"
    assert doc.text.count(caption) == 2
    assert doc.body.count(caption) == 1


def test_default_limits():
    assert MAX_BYTES == 2_000_000
    assert MAX_CHARS == 1_000_000  # spaCy's default nlp.max_length


def test_longest_accepted_article_fits_the_model():
    from kg import nlp as nlp_mod

    assert MAX_CHARS <= nlp_mod.load().max_length


@pytest.mark.parametrize("dateline", [
    "SEOUL (Reuters) - ",
    "WASHINGTON (AP) — ",
    "SEOUL, South Korea (AP) — ",
    "SEOUL, Aug. 1 (Yonhap) -- ",
    "PYONGYANG, June 12 (KCNA) -- ",
    "WASHINGTON — ",
])
def test_a_wire_dateline_is_not_read_as_text(tmp_path, dateline):
    """"SEOUL (Reuters) -" names where the copy was filed, not a party to the news."""
    lead = "North Korea fired two short-range missiles on Wednesday, the military said."
    path = tmp_path / "wire.md"
    path.write_text(f'---\npublished: "2019-08-01"\n---\n{dateline}{lead}\n', encoding="utf-8")
    (doc,) = read([path])
    assert doc.body.strip() == lead
    start = doc.body.index(lead)
    assert doc.text[doc.to_original(start):].startswith(lead)
