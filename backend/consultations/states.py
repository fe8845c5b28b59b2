"""The state machine: which side may do what, from which state, to which state.

    requested ─accept→ accepted ─propose→ accepted (a time proposed) ─book→ scheduled
        │ ask_info→ info_needed ─provide_info→ requested     accepted/scheduled ─answer→ answered
        └ decline→ declined                                   answered ─close→ closed
    cancel (the patient): from any open state before the answer.

Anything else is refused with 409 and leaves the consultation as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from common.exceptions import Conflict
from consultations.models import Party, State


@dataclass(frozen=True)
class Transition:
    party: str
    sources: frozenset[str]
    target: str


TRANSITIONS: dict[str, Transition] = {
    "accept": Transition(Party.STAFF, frozenset({State.REQUESTED}), State.ACCEPTED),
    "decline": Transition(
        Party.STAFF, frozenset({State.REQUESTED, State.INFO_NEEDED}), State.DECLINED
    ),
    "ask_info": Transition(Party.STAFF, frozenset({State.REQUESTED}), State.INFO_NEEDED),
    "provide_info": Transition(Party.PATIENT, frozenset({State.INFO_NEEDED}), State.REQUESTED),
    # Proposing again while scheduled is a reschedule: back to accepted until the patient books.
    "propose": Transition(
        Party.STAFF, frozenset({State.ACCEPTED, State.SCHEDULED}), State.ACCEPTED
    ),
    "book": Transition(Party.PATIENT, frozenset({State.ACCEPTED}), State.SCHEDULED),
    # A written answer needs no meeting: answering straight from accepted is allowed.
    "answer": Transition(Party.STAFF, frozenset({State.ACCEPTED, State.SCHEDULED}), State.ANSWERED),
    "close": Transition(Party.STAFF, frozenset({State.ANSWERED}), State.CLOSED),
    "cancel": Transition(
        Party.PATIENT,
        frozenset({State.REQUESTED, State.INFO_NEEDED, State.ACCEPTED, State.SCHEDULED}),
        State.CANCELLED,
    ),
}

TERMINAL = frozenset({State.DECLINED, State.CLOSED, State.CANCELLED})
OPEN = frozenset(State.values) - TERMINAL


def target_of(*, state: str, action: str, party: str) -> str:
    """The state `action` leads to, or 409 when this side may not do it now."""
    transition = TRANSITIONS.get(action)
    if transition is None or transition.party != party or state not in transition.sources:
        raise Conflict(
            _("This consultation is %(state)s: that step is not possible now.") % {"state": state},
            code="invalid_transition",
        )
    return transition.target


def is_open(state: str) -> bool:
    return state in OPEN
