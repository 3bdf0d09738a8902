"""What a caller reads of a room's message channels (filtered on the server, see
:mod:`parley.room.channels`)."""

from __future__ import annotations

import numpy as np

from parley.room.access import Caller
from parley.room.channels import readable, visible, writable
from parley.room.messages_api import MessagesView, RoomMessage
from parley.room.room_state import Room


def messages_view(room: Room, caller: Caller) -> MessagesView:
    """The channels ``caller`` may write and read in ``room``, and the messages it may read."""
    setting = room.setting
    shown = [
        RoomMessage(
            seq=entry.seq,
            at=entry.at,
            channel=payload.channel,
            by=entry.role,
            party=entry.party,
            text=payload.text,
            package=None
            if payload.package is None
            else setting.scenario.space.values_of(np.array(payload.package)),
        )
        for entry, payload in visible(list(room.messages), setting, caller)
    ]
    writes, reads = writable(setting, caller), readable(setting, caller)
    return MessagesView(writable=writes, readable=reads, messages=shown)
