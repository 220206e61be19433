"""`kg eval`: extraction figures against hand-made gold."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from . import app, console, handle_errors
from ..errors import InputError

__all__ = ["eval_command"]


@app.command("eval")
@handle_errors
def eval_command(
    gold: Path = typer.Argument(..., help="Folder of gold .json files (one per article)."),
    inputs: list[Path] = typer.Option(None, "--input", "-i",
                                      help="Articles to build (default: the .txt/.md files beside the gold)."),
    events: Path = typer.Option(None, "--events", help="Score this events.json instead of building."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Build the articles and print event, date and actor scores against GOLD (all families and core)."""
    from ..evaluate import evaluate
    from ..export.events import to_json

    if events is not None:
        try:
            data = json.loads(events.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise InputError(f"cannot read events.json: {err}", path=events) from None
    else:
        from ..pipeline import build

        data = to_json(build(inputs or [gold]).corpus)
    full, core = evaluate(data, gold), evaluate(data, gold, core=True)
    if as_json:
        console.print_json(json.dumps({"all": full.as_dict(), "core": core.as_dict()}))
        return
    table = Table(title=f"kg eval {gold} ({full.docs} documents)")
    for col in ("", "precision", "recall", "F1"):
        table.add_column(col, justify="right" if col else "left")
    table.add_row("events (all)", *map(str, full.events))
    table.add_row("events (core)", *map(str, core.events))
    for fam in sorted(full.by_family):
        table.add_row(f"  {fam}", *map(str, full.family(fam)))
    table.add_row("actors", *map(str, full.actors))
    console.print(table)
    console.print(f"dates: {full.dates} of matched events right at the gold's precision (core: {core.dates})")
