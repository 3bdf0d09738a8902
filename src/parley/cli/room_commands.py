"""``parley serve`` (the negotiation room) and ``parley verify-log`` (check a room database)."""

from __future__ import annotations

import json
import os
import re
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from parley.cli.app import _fail, _guarded, app
from parley.extras import ensure_extra
from parley.formats import check_file_target, write_text_file

if TYPE_CHECKING:
    from parley.room import Anchors, Verdict

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


def _witness_environment(witness: Path | None, log_key_file: Path | None) -> None:
    """Hand the witness and its key to the server (which reads them from the environment); exit 2 for a
    witness without a key, or a folder that is not there."""
    if witness is None:
        return
    if log_key_file is None and not os.environ.get("PARLEY_LOG_KEY"):
        _fail("--witness needs a key: give --log-key-file FILE (made on first use) or set PARLEY_LOG_KEY")
    for path in (witness, log_key_file):
        if path is not None and not path.parent.is_dir():
            _fail(f"cannot write {path}: no folder {path.parent}")
    os.environ["PARLEY_WITNESS"] = str(witness)
    if log_key_file is not None:
        os.environ["PARLEY_LOG_KEY_FILE"] = str(log_key_file)


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
    public_url: Annotated[
        str | None,
        typer.Option(
            envvar="PARLEY_PUBLIC_URL",
            help="The server's address as its users reach it (https://rooms.example.org): join links start "
            "with it; without it they are relative (/room/...). Never taken from a request's Host header.",
        ),
    ] = None,
    witness: Annotated[
        Path | None,
        typer.Option(
            envvar="PARLEY_WITNESS",
            help="Append a signed checkpoint of each room's head to this file (JSON lines) at every commit; "
            "keep it outside the database's reach.",
        ),
    ] = None,
    log_key_file: Annotated[
        Path | None,
        typer.Option(
            envvar="PARLEY_LOG_KEY_FILE",
            help="The key that signs the checkpoints (generated there on first use); or set PARLEY_LOG_KEY.",
        ),
    ] = None,
    advertise_url: Annotated[
        str | None,
        typer.Option(
            envvar="PARLEY_ADVERTISE_URL",
            help="Serve as one of several processes over one PostgreSQL database; the other processes reach "
            "this one at this URL (http://10.0.0.5:8001). Each room is served by one process at a time.",
        ),
    ] = None,
) -> None:
    """Run the negotiation room: a facilitator opens rooms, each delegation joins with its own link."""
    _require_room(database)
    if advertise_url and not advertise_url.startswith(("http://", "https://")):
        _fail(f"--advertise-url must be an http(s):// URL, not {advertise_url!r}")
    if advertise_url and witness:
        _fail("--witness: a witness file records one process's heads; not with --advertise-url")
    if advertise_url and not database.startswith(("postgresql", "postgres://")):
        _fail("--advertise-url: several processes need a PostgreSQL database (SQLite serves one process)")
    _witness_environment(witness, log_key_file)
    import uvicorn

    from parley.room import create_app

    key = facilitator_key or secrets.token_urlsafe(32)
    if public_url and not public_url.startswith(("http://", "https://")):
        _fail(f"--public-url must be an http(s):// URL, not {public_url!r}")
    try:
        application = create_app(database, key, public_url, advertise_url)
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


#: What a check without an anchor outside the database cannot see (printed, and in docs/room.md).
WITHOUT_WITNESS = (
    "without --witness or --expect-head: entries removed from a log's end, forged entries appended with "
    "correct hashes, rewrites with every later hash recomputed and rooms deleted with their tokens are "
    "not detected"
)


def _expected_heads(values: list[str]) -> dict[str, str]:
    """``ROOM=HASH`` pairs as a dict (exit 2 naming a pair that is not one)."""
    heads: dict[str, str] = {}
    for value in values:
        room, _, head = value.partition("=")
        if not room or not re.fullmatch(r"[0-9a-f]{64}", head):
            _fail(f"--expect-head {value!r}: give ROOM=HASH, the hash as 64 hex digits")
        heads[room] = head
    return heads


def _anchors(witness: Path | None, key_file: Path | None, expect_head: list[str]) -> Anchors:
    """The anchors a check holds outside the database (exit 2 for a witness or key it cannot read)."""
    from parley.room import KEY_ENV, KEY_FILE_ENV, Anchors, WitnessError, load_key, read_witness

    expected = _expected_heads(expect_head)
    try:
        keyed = key_file is not None or bool(os.environ.get(KEY_ENV) or os.environ.get(KEY_FILE_ENV))
        key = load_key(key_file, create=False) if keyed else None
        read = None if witness is None else read_witness(witness).signed(key)
    except WitnessError as error:
        _fail(str(error))
    return Anchors(witness=read, key=key, expected=expected)


@app.command("verify-log")
def verify_log(
    database_argument: Annotated[
        str | None, typer.Argument(metavar="DATABASE", help=DATABASE_HELP, show_default=False)
    ] = None,
    database: Annotated[str, typer.Option(help=DATABASE_HELP)] = DEFAULT_DATABASE,
    room: Annotated[str | None, typer.Option(help="Check only this room.")] = None,
    replay: Annotated[bool, typer.Option(help="Also replay each room and compare the record.")] = True,
    witness: Annotated[
        Path | None,
        typer.Option(help="The server's witness file (JSON lines of signed checkpoints) to check against."),
    ] = None,
    key_file: Annotated[
        Path | None,
        typer.Option(help="The server's log key file, to check signatures (or set PARLEY_LOG_KEY)."),
    ] = None,
    expect_head: Annotated[
        list[str] | None,
        typer.Option(help="ROOM=HASH: a head hash noted down earlier; that entry must still be there."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of lines.")] = False,
) -> None:
    """Check the room database's hash chains, token tables, checkpoints (and replays), against a witness
    file or noted heads when given; exit 1 if any room's log is broken."""
    if database_argument is not None:
        database = database_argument
    _require_room(database)
    from parley.room import Store, verify_all

    if witness is not None and not witness.is_file():
        _fail(f"no witness file {witness}")
    anchors = _anchors(witness, key_file, expect_head or [])
    missing = missing_sqlite_file(database)
    if missing is not None:
        _fail(f"cannot open the room database {shown(database)}: no file {missing}")
    try:
        store = Store(database)
    except Exception as error:
        _fail(f"cannot open the room database {shown(database)}: {shown(str(error))}")
    verdict = verify_all(store, room, replay, anchors)
    store.close()
    checks = verdict.rooms
    if room is not None and checks and checks[0].problems == (f"room {room}: no entries",):  # nothing left
        _fail(f"no room {room!r} in {shown(database)}")
    anchored = anchors.witness is not None or bool(anchors.expected)
    broken = sum(not check.valid for check in checks)
    if as_json:
        body = {
            "rooms": [
                {
                    "room": c.room,
                    "entries": c.entries,
                    "valid": c.valid,
                    "problems": list(c.problems),
                    "notes": list(c.notes),
                }
                for c in checks
            ],
            "witness_problems": list(verdict.witness),
            "signatures_checked": anchors.key is not None,
            "not_detected": None if anchored else WITHOUT_WITNESS,
            "valid": verdict.valid,
        }
        typer.echo(json.dumps(body, indent=2, ensure_ascii=False))
    else:
        _print_verdict(verdict, anchored, anchors.key is not None, broken)
    if not verdict.valid:
        raise typer.Exit(1)


def _print_verdict(verdict: Verdict, anchored: bool, signed: bool, broken: int) -> None:
    """The verdict as lines: each room, each problem, what was not checked."""
    console = Console(highlight=False, soft_wrap=True)
    for check in verdict.rooms:
        if check.valid:
            console.print(f"[green]ok[/green]     room {check.room}: {check.entries} entries, chain intact")
        for problem in check.problems:
            console.print(f"[red]BROKEN[/red] {problem}")
        for note in check.notes:
            console.print(f"note   room {check.room}: {note}")
    for problem in verdict.witness:
        console.print(f"[red]BROKEN[/red] {problem}")
    if not anchored:
        console.print(f"note   {WITHOUT_WITNESS}")
    elif not signed:
        console.print("note   no log key given: the witness's signatures were not checked")
    console.print(f"{len(verdict.rooms)} rooms checked, {broken} broken")


@app.command("export-room")
def export_room(
    room: Annotated[str, typer.Argument(help="The room's id.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write: .json, .html or .md.")],
    database: Annotated[str, typer.Option(help=DATABASE_HELP)] = DEFAULT_DATABASE,
    force: Annotated[bool, typer.Option(help="Replace the output file if it exists.")] = False,
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
    _guarded(lambda: check_file_target(output, force))
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
    _guarded(lambda: write_text_file(output, text + ("\n" if not text.endswith("\n") else ""), force))
    Console(stderr=True).print(f"wrote {output}")
