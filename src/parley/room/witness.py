"""An anchor for the room logs kept outside the database: signed checkpoints of each room's head.

A checkpoint names a room, the position and hash of an entry (the room's head when it was written) and
when, signed with HMAC-SHA256 under the server's log key. The server appends one to the witness file (JSON
lines, only ever appended) around every commit — ``"committed": false`` just before it, ``true`` just
after — and writes ``checkpoint`` entries into the log itself when it loads a room. Against the witness
a log that was truncated, rewritten with every hash recomputed, extended with forged entries or deleted
is told apart from the log the server wrote (:func:`witness_problems`). The key lives in a key file
(generated on first use, readable by its owner only) or in ``PARLEY_LOG_KEY``, never in the database.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from parley.room.chain import JsonObject, LogEntry, canonical_json

#: The log key itself (any text of 16 characters or more).
KEY_ENV = "PARLEY_LOG_KEY"
#: A file holding the log key (generated there on first use by the server).
KEY_FILE_ENV = "PARLEY_LOG_KEY_FILE"
#: The witness file the server appends checkpoints to.
WITNESS_ENV = "PARLEY_WITNESS"

MIN_KEY_LENGTH = 16


class WitnessError(ValueError):
    """A log key or witness file that cannot be used (missing, too short, unreadable)."""


def load_key(path: Path | None, create: bool, env: Mapping[str, str] = os.environ) -> bytes:
    """The log key: ``PARLEY_LOG_KEY``, else the key file ``path`` (or ``PARLEY_LOG_KEY_FILE``), which
    is generated (owner-only) when ``create`` and it does not exist yet."""
    text = env.get(KEY_ENV)
    if text:
        return _checked(text, KEY_ENV)
    if path is None and env.get(KEY_FILE_ENV):
        path = Path(env[KEY_FILE_ENV])
    if path is None:
        raise WitnessError(f"no log key: give a key file or set {KEY_ENV}")
    if not path.exists():
        if not create:
            raise WitnessError(f"no log key file {path}")
        _generate(path)
    try:
        return _checked(path.read_text(encoding="utf-8").strip(), str(path))
    except OSError as error:
        raise WitnessError(f"cannot read the log key file {path}: {error.strerror}") from None


def _generate(path: Path) -> None:
    """Write a fresh random key to ``path``, readable and writable by its owner only."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process made it meanwhile: use that one
    except OSError as error:
        raise WitnessError(f"cannot create the log key file {path}: {error.strerror}") from None
    with os.fdopen(descriptor, "w", encoding="utf-8") as sink:
        sink.write(secrets.token_hex(32) + "\n")


def _checked(text: str, where: str) -> bytes:
    """``text`` as a key, if it is long enough to be one."""
    if len(text) < MIN_KEY_LENGTH:
        raise WitnessError(f"the log key in {where} is shorter than {MIN_KEY_LENGTH} characters")
    return text.encode()


def mac(key: bytes, body: JsonObject) -> str:
    """HMAC-SHA256 (hex) of ``body``'s canonical JSON under ``key``."""
    return hmac.new(key, canonical_json(body).encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    """A signed statement that ``room``'s entry ``seq`` had hash ``hash`` at ``at``; ``committed``
    false: written just before that entry's commit (so a commit the witness was told of but the server
    stopped before confirming is not mistaken for a forged one)."""

    room: str
    seq: int
    hash: str
    at: str
    committed: bool
    mac: str

    def body(self) -> JsonObject:
        """What the signature covers."""
        return {
            "room": self.room,
            "seq": self.seq,
            "hash": self.hash,
            "at": self.at,
            "committed": self.committed,
        }

    def to_json(self) -> JsonObject:
        """The checkpoint as a line of the witness file."""
        return {**self.body(), "mac": self.mac}

    def authentic(self, key: bytes) -> bool:
        """Whether ``key`` signed this checkpoint."""
        return hmac.compare_digest(self.mac, mac(key, self.body()))


def sign(key: bytes, entry: LogEntry, at: str, committed: bool = True) -> Checkpoint:
    """A checkpoint of ``entry`` (a room's head), signed with ``key``."""
    unsigned = Checkpoint(entry.room, entry.seq, entry.hash, at, committed, "")
    return Checkpoint(entry.room, entry.seq, entry.hash, at, committed, mac(key, unsigned.body()))


class CheckpointLine(BaseModel):
    """A line of the witness file, as read (pydantic: a line that does not fit is reported)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    room: str = Field(min_length=1)
    seq: int = Field(ge=0)
    hash: str = Field(pattern="^[0-9a-f]{64}$")
    at: str
    committed: bool
    mac: str = Field(pattern="^[0-9a-f]{64}$")

    def checkpoint(self) -> Checkpoint:
        return Checkpoint(self.room, self.seq, self.hash, self.at, self.committed, self.mac)


@dataclass(frozen=True)
class WitnessRead:
    """A witness file as read: its checkpoints in file order and the lines that could not be read."""

    checkpoints: tuple[Checkpoint, ...]
    problems: tuple[str, ...]

    def rooms(self) -> list[str]:
        """Every room the witness has seen, first seen first."""
        return list(dict.fromkeys(checkpoint.room for checkpoint in self.checkpoints))

    def of(self, room: str) -> list[Checkpoint]:
        """``room``'s checkpoints, in file order."""
        return [checkpoint for checkpoint in self.checkpoints if checkpoint.room == room]

    def signed(self, key: bytes | None) -> WitnessRead:
        """Only the checkpoints ``key`` signed (all, without a key), the others reported as forged."""
        if key is None:
            return self
        kept = [c for c in self.checkpoints if c.authentic(key)]
        forged = [
            f"witness: a checkpoint of room {c.room}, entry {c.seq}, is not signed with this log key "
            "(forged, or written under another key)"
            for c in self.checkpoints
            if not c.authentic(key)
        ]
        return WitnessRead(tuple(kept), (*self.problems, *forged))


def read_witness(path: Path) -> WitnessRead:
    """The checkpoints of the witness file ``path`` (a WitnessError if it cannot be read at all)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise WitnessError(f"cannot read the witness file {path}: {error}") from None
    return parse_witness(lines, str(path))


def parse_witness(lines: Sequence[str], where: str) -> WitnessRead:
    """Checkpoints from JSON lines; a last line cut short (the server stopped while writing it) is
    skipped silently, any other line that does not read is reported."""
    checkpoints: list[Checkpoint] = []
    problems: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            checkpoints.append(CheckpointLine.model_validate_json(line).checkpoint())
        except ValidationError:
            if number < len(lines):
                problems.append(f"witness {where}, line {number}: not a checkpoint")
    return WitnessRead(tuple(checkpoints), tuple(problems))


def heads(entries: Iterable[LogEntry]) -> list[LogEntry]:
    """The last of ``entries`` of each room they touch (one commit's new heads)."""
    last: dict[str, LogEntry] = {}
    for entry in entries:
        last[entry.room] = entry
    return list(last.values())


class Witness:
    """The server's witness: appends signed checkpoints to a JSON-lines file, never rewriting it."""

    def __init__(self, path: Path, key: bytes) -> None:
        self.path = path
        self.key = key
        self._lock = threading.Lock()

    def saw(self, entries: Sequence[LogEntry], at: str, committed: bool) -> None:
        """Append a checkpoint of each room's new head among ``entries`` (before or after the commit)."""
        lines = [canonical_json(sign(self.key, head, at, committed).to_json()) for head in heads(entries)]
        if not lines:
            return
        with self._lock, self.path.open("a", encoding="utf-8") as sink:
            sink.write("".join(line + "\n" for line in lines))
            sink.flush()
            os.fsync(sink.fileno())  # on disk before the commit it vouches for goes on (or is answered)

    def read(self) -> WitnessRead:
        """What the witness holds so far (nothing, before its first line), signatures checked."""
        if not self.path.exists():
            return WitnessRead((), ())
        return read_witness(self.path).signed(self.key)


def witness_from_env(env: Mapping[str, str] = os.environ) -> Witness | None:
    """The witness ``PARLEY_WITNESS`` names, with the key ``PARLEY_LOG_KEY`` or ``PARLEY_LOG_KEY_FILE``
    gives (None without ``PARLEY_WITNESS``)."""
    path = env.get(WITNESS_ENV)
    if not path:
        return None
    return Witness(Path(path), load_key(None, create=True, env=env))


def witness_problems(room: str, entries: Sequence[LogEntry], seen: Sequence[Checkpoint]) -> list[str]:
    """How ``room``'s log differs from what the witness saw of it (``seen``: its checkpoints, in file
    order): deleted, truncated, rewritten, or extended past the last head the witness was told of."""
    if not seen:
        return [f"room {room}: not in the witness (added to the database without the server)"]
    committed = [checkpoint for checkpoint in seen if checkpoint.committed]
    last = committed[-1] if committed else None
    if not entries:
        shown = last or seen[-1]
        return [f"room {room}: deleted from the database (the witness saw its entry {shown.seq})"]
    head = entries[-1]
    problems = []
    if last is not None:
        problems += _against(room, entries, last)
    pending = seen[seen.index(last) + 1 :] if last is not None else list(seen)
    vouched = last.seq if last is not None else -1
    told = any(c.seq == head.seq and c.hash == head.hash for c in pending)
    if head.seq > vouched and not told:
        problems.append(
            f"room {room}, entries {vouched + 1}–{head.seq}: not in the witness "
            "(appended without the server: forged)"
        )
    return problems


def _against(room: str, entries: Sequence[LogEntry], checkpoint: Checkpoint) -> list[str]:
    """The log against one checkpoint: its entry must be there, with the hash the witness signed."""
    found = next((entry for entry in entries if entry.seq == checkpoint.seq), None)
    if found is None and entries[-1].seq < checkpoint.seq:
        return [
            f"room {room}: the log ends at entry {entries[-1].seq}, the witness saw entry "
            f"{checkpoint.seq} (entries removed from its end: truncated)"
        ]
    if found is None or found.hash != checkpoint.hash:
        return [
            f"room {room}, entry {checkpoint.seq}: not the entry the witness signed "
            "(the log was rewritten, hashes recomputed)"
        ]
    return []


def expected_head_problems(room: str, entries: Sequence[LogEntry], expected: str) -> list[str]:
    """The log against a head hash noted down earlier (``--expect-head``): that entry must be there."""
    if not entries:
        return [f"room {room}: not in the database (deleted), though its head {expected[:12]}… was expected"]
    if any(entry.hash == expected for entry in entries):
        return []
    return [
        f"room {room}: no entry has the expected head hash {expected[:12]}… "
        "(the log was truncated before it or rewritten)"
    ]


def checkpoint_entry_problems(room: str, entries: Sequence[LogEntry], key: bytes | None) -> list[str]:
    """The ``checkpoint`` entries of a log against the entries they sign: each names an entry before it
    by its hash, and (with ``key``) carries the server's signature of that."""
    problems = []
    by_seq = {entry.seq: entry for entry in entries}
    for entry in entries:
        if entry.kind != "checkpoint":
            continue
        payload = entry.payload
        seq, digest, at, signature = (payload.get(k) for k in ("seq", "hash", "at", "mac"))
        if not (isinstance(seq, int) and isinstance(digest, str) and isinstance(at, str)):
            problems.append(f"room {room}, entry {entry.seq}: a checkpoint without its seq, hash and time")
            continue
        signed = by_seq.get(seq)
        if signed is None or signed.hash != digest or seq >= entry.seq:
            problems.append(
                f"room {room}, entry {entry.seq}: its checkpoint signs entry {seq} as it no longer is "
                "(the log before it was rewritten)"
            )
        elif key is not None and not Checkpoint(room, seq, digest, at, True, str(signature)).authentic(key):
            problems.append(
                f"room {room}, entry {entry.seq}: its checkpoint is not signed with this log key "
                "(forged, or the log rewritten)"
            )
    return problems
