"""Shared fixtures: the seeds are built once per test session (the spaCy model
loads once) and exported once into a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
EXPORTS = ROOT / "exports"
SHARED = ROOT.parent / "shared"  # present on developer machines only; tests that need it skip without it


@pytest.fixture(scope="session")
def seeds_result():
    from kg import build

    return build([SEEDS])


@pytest.fixture(scope="session")
def seeds_export(seeds_result, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    seeds_result.write(out)
    return out
