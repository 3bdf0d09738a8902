"""``parley serve`` (the negotiation room) and ``parley verify-log`` (check a room database)."""

from __future__ import annotations

import json
import os
import re
import secrets
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from parley.cli.app import _fail, _guarded, app
from parley.extras import ensure_extra

DATABASE_HELP = "SQLAlchemy URL of the room database: sqlite:///FILE (default) or postgresql://…"
DEFAULT_DATABASE = "sqlite:///parley-rooms.db"


def _require_room(database: str) -> None:
    """Exit 2 naming the extra unless the room's dependencies (and PostgreSQL's, for its URL) are there."""
    _guarded(lambda: ensure_extra("room", "the negotiation room"))
    if database.startswith("postgresql"):
        _guarded(lambda: ensure_extra("postgres", "a PostgreSQL room database"))


def shown(url: str) -> str:
    """``url`` as printed: any password replaced by ***."""
    from sqlalchemy.engine import make_url  # the room extra

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy can read: mask anything between "//user:" and "@"
        return re.sub(r"(//[^/:@]*:)[^@/]*@", r"\1***@", url)


def missing_sqlite_file(url: str) -> Path | None:
    """The file a ``sqlite:///`` URL names, when it does not exist (None otherwise)."""
    from sqlalchemy.engine import make_url  # the room extra

    try:
        parsed = make_url(url)
    except Exception:
        return None
    name = parsed.database
    if (
        not parsed.drivername.startswith("sqlite")
        or not name
        or name == ":memory:"
        or name.startswith("file:")
    ):
        return None
    path = Path(name)
    return None if path.exists() else path


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    database: Annotated[str, typer.Option(help=DATABASE_HELP)] = DEFAULT_DATABASE,
    facilitator_key: Annotated[
        str | None,
        typer.Option(
            envvar="PARLEY_FACILITATOR_KEY",
            help="The facilitator's key (opens rooms, sees everything); a fresh one is printed if not given.",
        ),
    ] = None,
) -> None:
    """Run the negotiation room: a facilitator opens rooms, each delegation joins with its own link."""
    _require_room(database)
    import uvicorn

    from parley.room import create_app

    key = facilitator_key or secrets.token_urlsafe(32)
    try:
        application = create_app(database, key)
    except Exception as error:  # a bad URL, an unreachable database, a log that does not replay
        _fail(f"cannot open the room database {shown(database)}: {shown(str(error))}")
    console = Console(stderr=True)
    console.print(f"parley room server on http://{host}:{port}/ — database {shown(database)}")
    if facilitator_key is None:
        console.print(f"facilitator key (keep it secret): {key}")
    uvicorn.run(
        application,
        host=host,
        port=port,
        log_level=os.environ.get("PARLEY_LOG_LEVEL", "warning"),
        timeout_graceful_shutdown=5,  # live streams never finish by themselves
        access_log=False,
    )


@app.command("verify-log")
def verify_log(
    database: Annotated[str, typer.Option(help=DATABASE_HELP)] = DEFAULT_DATABASE,
    room: Annotated[str | None, typer.Option(help="Check only this room.")] = None,
    replay: Annotated[bool, typer.Option(help="Also replay each room and compare the record.")] = True,
) -> None:
    """Check the room database's hash chains (and replays); exit 1 if any room's log is broken."""
    _require_room(database)
    from parley.room import Store, verify_store

    missing = missing_sqlite_file(database)
    if missing is not None:
        _fail(f"cannot open the room database {shown(database)}: no file {missing}")
    try:
        store = Store(database)
    except Exception as error:
        _fail(f"cannot open the room database {shown(database)}: {shown(str(error))}")
    checks = verify_store(store, room, replay)
    store.close()
    console = Console()
    if room is not None and checks and not checks[0].entries:
        _fail(f"no room {room!r} in {shown(database)}")
    for check in checks:
        if check.valid:
            console.print(f"[green]ok[/green]     room {check.room}: {check.entries} entries, chain intact")
        for problem in check.problems:
            console.print(f"[red]BROKEN[/red] {problem}")
    broken = sum(not check.valid for check in checks)
    console.print(f"{len(checks)} rooms checked, {broken} broken")
    if broken:
        raise typer.Exit(1)


@app.command("export-room")
def export_room(
    room: Annotated[str, typer.Argument(help="The room's id.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write: .json, .html or .md.")],
    database: Annotated[str, typer.Option(help=DATABASE_HELP)] = DEFAULT_DATABASE,
) -> None:
    """Export a room from its database (no server needed): the record as JSON, the HTML report, or the
    draft agreement (.md) — rebuilt from the log, as the facilitator sees it."""
    _require_room(database)
    from parley.room import (
        Caller,
        Room,
        RoomRole,
        Store,
        agreement_markdown,
        record_export,
        replay,
        room_report,
    )

    suffix = output.suffix.lower()
    if suffix not in (".json", ".html", ".md"):
        _fail(f"cannot tell what to write from {output.name!r}: use .json, .html or .md")
    if not output.parent.is_dir():
        _fail(f"cannot write {output}: no folder {output.parent}")
    missing = missing_sqlite_file(database)
    if missing is not None:
        _fail(f"cannot open the room database {shown(database)}: no file {missing}")
    try:
        store = Store(database)
        entries = store.entries(room)
        store.close()
    except Exception as error:
        _fail(f"cannot open the room database {shown(database)}: {shown(str(error))}")
    if not entries:
        _fail(f"no room {room!r} in {shown(database)}")
    try:
        found = Room(room, replay(entries), entries)
    except (ValueError, KeyError) as error:
        _fail(f"room {room} cannot be rebuilt from its log: {error}")
    if suffix == ".json":
        export = record_export(found, Caller(RoomRole.FACILITATOR, None))
        text = json.dumps(export.to_json(), indent=2, ensure_ascii=False)
    elif suffix == ".html":
        text = room_report(found)
    else:
        draft = agreement_markdown(found)
        if draft is None:
            _fail(f"room {room} has reached no agreement: there is no draft to write")
        text = draft
    output.write_text(text + ("\n" if not text.endswith("\n") else ""), encoding="utf-8")
    Console(stderr=True).print(f"wrote {output}")
