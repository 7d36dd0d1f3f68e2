"""Matching suggestions between needs and offers, by skill, time and neighbourhood.

A transparent score rather than an optimisation: moderators see *why* an offer is
suggested and decide themselves. Skills are compared as normalised words (lower case,
umlauts folded, a shared stem of five letters counts, so "fotografieren" matches
"Fotografie"). Each shared skill
weighs 3, a shared time 2, the same neighbourhood 1. An offer without any shared skill
is suggested only when the need names no skill at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

SKILL_WEIGHT, TIME_WEIGHT, PLACE_WEIGHT = 3, 2, 1
STEM = 5


@dataclass(frozen=True)
class Side:
    key: int
    skills: str
    times: Sequence[str]
    neighbourhood: str


@dataclass(frozen=True)
class Suggestion:
    need: int
    offer: int
    score: int
    skills: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    same_neighbourhood: bool = False


def _fold(text: str) -> str:
    text = text.casefold()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return text


def skill_words(text: str) -> list[str]:
    parts = re.split(r"[,;/\n]|\bund\b|\band\b", _fold(text))
    return [p.strip(" .-") for p in parts if p.strip(" .-")]


@dataclass(frozen=True)
class _Phrase:
    text: str
    words: frozenset[str]  # words of three letters or more
    stems: frozenset[str]  # the first STEM letters of words that long


def _phrases(text: str) -> list[_Phrase]:
    result = []
    for phrase in skill_words(text):
        words = [w for w in phrase.split() if len(w) >= 3]
        result.append(
            _Phrase(
                phrase,
                frozenset(words),
                frozenset(w[:STEM] for w in words if len(w) >= STEM),
            )
        )
    return result


def _same(a: _Phrase, b: _Phrase) -> bool:
    return a.text == b.text or bool(a.words & b.words) or bool(a.stems & b.stems)


@dataclass(frozen=True)
class _Profile:
    side: Side
    phrases: list[_Phrase]
    times: frozenset[str]
    place: str


def _profile(side: Side) -> _Profile:
    return _Profile(
        side, _phrases(side.skills), frozenset(side.times), _fold(side.neighbourhood.strip())
    )


def shared_skills(need: str, offer: str) -> list[str]:
    offered = _phrases(offer)
    return [w.text for w in _phrases(need) if any(_same(w, o) for o in offered)]


def _suggest(need: _Profile, offer: _Profile) -> Suggestion | None:
    skills = [w.text for w in need.phrases if any(_same(w, o) for o in offer.phrases)]
    if not skills and need.phrases:
        return None
    if need.times and offer.times and not (need.times & offer.times):
        return None  # the times do not fit at all
    times = [t for t in need.side.times if t in offer.times]
    place = bool(need.place) and need.place == offer.place
    score = SKILL_WEIGHT * len(skills) + TIME_WEIGHT * len(times) + PLACE_WEIGHT * place
    if score == 0:
        return None
    return Suggestion(
        need=need.side.key,
        offer=offer.side.key,
        score=score,
        skills=skills,
        times=times,
        same_neighbourhood=place,
    )


def suggest(need: Side, offer: Side) -> Suggestion | None:
    return _suggest(_profile(need), _profile(offer))


def _keys(phrase: _Phrase) -> set[str]:
    return (
        {f"t:{phrase.text}"} | {f"w:{w}" for w in phrase.words} | {f"s:{x}" for x in phrase.stems}
    )


def suggestions(needs: Iterable[Side], offers: Iterable[Side], limit: int = 5) -> list[Suggestion]:
    """The best ``limit`` offers per need, best first (ties: newer offers first).

    Offers are normalised once and indexed by their words and stems, so a need with
    skills is compared only with offers that share at least one of them."""
    profiles = [_profile(offer) for offer in offers]
    index: dict[str, set[int]] = {}
    for position, profile in enumerate(profiles):
        for phrase in profile.phrases:
            for key in _keys(phrase):
                index.setdefault(key, set()).add(position)
    result: list[Suggestion] = []
    for need in map(_profile, needs):
        if need.phrases:
            candidates = sorted(
                {p for phrase in need.phrases for key in _keys(phrase) for p in index.get(key, ())}
            )
        else:
            candidates = list(range(len(profiles)))
        found = [s for p in candidates if (s := _suggest(need, profiles[p])) is not None]
        found.sort(key=lambda s: (-s.score, -s.offer))
        result.extend(found[:limit])
    return result
