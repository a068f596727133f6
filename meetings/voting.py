"""The result of a roll call (votering), the one computation the service, the web protocol and the PDF read.

Kommunallagen 6 kap. 33 § (nämnder, and so their utskott) and 5 kap. 60 § (fullmäktige): the proposal with more
than half of the votes cast wins; those who abstain (avstår) cast no vote. At equal votes the chair has the
casting vote (utslagsröst): the side the chair voted for wins. (Elections at equal votes are decided by lot;
a roll call here is never an election.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

JA = "ja"
NEJ = "nej"
AVSTAR = "avstar"


def ballot_field(person_id: int) -> str:
    """The name of one member's ballot in the vote form, and the key of its error from the service."""
    return f"ballot_{person_id}"


@dataclass(frozen=True)
class Tally:
    ja: int
    nej: int
    avstar: int
    # "ja" or "nej"; "" when a tie has no chair's ja or nej to decide it (the service refuses that vote).
    winner: str
    casting_vote: bool

    @property
    def cast(self) -> int:
        return self.ja + self.nej


def tally(choices: Iterable[str], *, chair_choice: str | None) -> Tally:
    """Count the ballots' choices; `chair_choice` is the presiding chair's own ballot (None: the chair did not
    vote in this paragraph)."""
    values = list(choices)
    ja, nej, avstar = values.count(JA), values.count(NEJ), values.count(AVSTAR)
    if ja != nej:
        return Tally(ja=ja, nej=nej, avstar=avstar, winner=JA if ja > nej else NEJ, casting_vote=False)
    winner = chair_choice if chair_choice in (JA, NEJ) else ""
    return Tally(ja=ja, nej=nej, avstar=avstar, winner=winner or "", casting_vote=bool(winner))


def vote_tally(vote: Any) -> Tally:
    """The result of a stored roll call: its ballots counted, the meeting chair's ballot deciding a tie."""
    ballots = list(vote.ballots.all())
    chair_id = vote.item.meeting.chair_id
    chair = next((b.choice for b in ballots if b.person_id == chair_id), None)
    return tally((b.choice for b in ballots), chair_choice=chair)
