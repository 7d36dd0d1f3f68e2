"""Which way a topic title points: for something (+1) or against / for less of it (-1).

Sentence encoders and letter overlap both see "Mehr Parkplätze" and "Weniger
Parkplätze" as near-identical, yet suggesting one as a duplicate of the other invites
people to support the opposite of what they meant. A title's direction starts at +1
and flips once for each negation or "less/remove" word (kein, nicht, gegen, weniger,
abschaffen, verbieten, ...); two titles whose directions differ are never the same.
Only the title counts: a card's longer text often mentions what it argues against.
"""

from __future__ import annotations

import re

from quartier.engine.topics.normalize import fold_plain

# Words (folded, ä→a) that turn a title against its subject. Prefix entries end in "*".
_FLIPS = (
    "kein*",
    "nicht",
    "nie",
    "niemals",
    "ohne",
    "gegen",
    "stopp*",
    "stop",
    "weniger",
    "verbiet*",
    "verbot*",
    "untersag*",
    "abschaff*",
    "abbau*",
    "abbauen",
    "abreissen",
    "abriss",
    "streich*",
    "reduzier*",
    "verringer*",
    "senk*",
    "verhinder*",
    "schliess*",
    "entfern*",
    "beend*",
    "einschrank*",
    "raus",
    "no",
    "not",
    "less",
    "against",
    "ban",
    "abolish*",
    "remove*",
    "reduce*",
    "fewer",
)
_WORD = re.compile(r"[a-z0-9]+")
_EXACT = frozenset(word for word in _FLIPS if not word.endswith("*"))
_PREFIXES = tuple(word[:-1] for word in _FLIPS if word.endswith("*"))


def flips(text: str) -> list[str]:
    """The negation and "less/remove" words in ``text``, in order."""
    return [
        word
        for word in _WORD.findall(fold_plain(text))
        if word in _EXACT or word.startswith(_PREFIXES)
    ]


def direction(title: str) -> int:
    """+1 when the title asks for its subject, -1 when it asks against it or for less."""
    return -1 if len(flips(title)) % 2 else 1


def opposite(a: str, b: str) -> bool:
    """Whether two titles point in different directions (never duplicates)."""
    return direction(a) != direction(b)
