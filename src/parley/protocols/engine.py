"""The resumable engine's vocabulary: a mechanism asks (:class:`Ask`), someone answers (:class:`Reply`).

A mechanism never calls a seat to get on: :meth:`~parley.protocols.Mechanism.advance` applies the
protocol's own transitions until someone must answer and returns that :class:`Ask` (or the finished
state); :meth:`~parley.protocols.Mechanism.reply` takes the answer and returns the next state. Who
answers is the driver's business (see :mod:`parley.protocols.drivers` and ``docs/engine.md``): the
seat's negotiator in a simulation (:meth:`~parley.protocols.Mechanism.answer_of`), a person in the
room, a record being replayed by :func:`~parley.protocols.fork`. States are immutable, so an ask can
wait as long as it likes and a refused reply changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from parley.negotiators.base import Response, View

if TYPE_CHECKING:  # base imports this module: the state type is only named here
    from parley.protocols.base import State


class AskKind(StrEnum):
    """What an ask wants, and so which field of the :class:`Reply` answers it."""

    PROPOSE = "propose"  # a seat's negotiator puts a package on the table (Reply.package; None walks away)
    RESPOND = "respond"  # a seat's negotiator answers ask.offer (Reply.response; with REFER_BACK,
    # Reply.package is the counter-offer referred, None the offer on the table)
    REFER = "refer"  # the seat's principal approves or refuses the package referred (Reply.approved)
    DRAFT = "draft"  # the single-text mediator drafts the next text (Reply.package)
    RATIFY = "ratify"  # a ratifier votes on ask.offer, the full package that would stand (Reply.approved);
    # asked by the delegations process (parley.talks), not by a mechanism


@dataclass(frozen=True)
class Ask:
    """Who must answer what, in which state: the reply to it applies to ``state``.

    ``party`` is the seat's name (REFER: the seat whose principal decides; DRAFT: the mediator's);
    ``view`` is what the answerer may see (None for REFER and DRAFT); ``offer`` the package answered
    (RESPOND) or referred (REFER).
    """

    party: str
    kind: AskKind
    state: State
    view: View | None
    offer: tuple[int, ...] | None = None


@dataclass(frozen=True)
class Reply:
    """An answer to an :class:`Ask`: the field its kind reads is set, the others left None."""

    response: Response | None = None
    package: tuple[int, ...] | None = None
    approved: bool | None = None

    @classmethod
    def offer(cls, package: tuple[int, ...] | None) -> Reply:
        """A PROPOSE (or DRAFT) reply: ``package`` on the table, None to walk away."""
        return cls(package=package)

    @classmethod
    def answer(cls, response: Response, package: tuple[int, ...] | None = None) -> Reply:
        """A RESPOND reply (``package``: the counter-offer a REFER_BACK refers, if any)."""
        return cls(response=response, package=package)

    @classmethod
    def decision(cls, approved: bool) -> Reply:
        """A REFER reply: the principal's decision."""
        return cls(approved=approved)


def new_ask(
    party: str, kind: AskKind, state: State, view: View | None, offer: tuple[int, ...] | None = None
) -> Ask:
    """An :class:`Ask` without the frozen dataclass's per-field ``__setattr__`` (one per engine move)."""
    ask = object.__new__(Ask)
    ask.__dict__.update(party=party, kind=kind, state=state, view=view, offer=offer)
    return ask


#: The answers without a package, made once (replies are immutable): the simulation's RESPOND replies.
ANSWERS = {response: Reply(response=response) for response in Response}
