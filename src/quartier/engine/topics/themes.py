"""Themes: contributions clustered by meaning, each labelled with key phrases from its texts.

Each contribution becomes one unit vector (sentence encoder and lexical vector side by
side, or the lexical one alone); spherical k-means (cosine) splits them; when no number
of themes is given, k is chosen by silhouette. A theme's label is made of the words and
two-word phrases that are frequent in the theme and rare elsewhere (class-based TF-IDF),
shown in the spelling people used most.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from quartier.engine.topics.encoders import Encoder, sentence_encoder, tfidf_rows, unit_rows
from quartier.engine.topics.normalize import PLAIN_STOP_WORDS, fold_plain, stem

_WORD = re.compile(r"[^\W\d_][\w-]*", re.UNICODE)
# Words that say nothing about a theme in participation texts.
_FILLER = frozenset(
    fold_plain(w)
    for w in [
        "bitte",
        "wäre",
        "würde",
        "sollte",
        "sollten",
        "könnte",
        "könnten",
        "gibt",
        "geben",
        "gut",
        "gute",
        "guten",
        "neue",
        "neuen",
        "neues",
        "schon",
        "immer",
        "einfach",
        "etwas",
        "ganz",
        "dort",
        "dann",
        "denn",
        "doch",
        "nur",
        "können",
        "kann",
        "muss",
        "müssen",
        "soll",
        "sollen",
        "man",
        "sehr",
        "viel",
        "viele",
        "vielen",
        "mehr",
        "andere",
        "anderen",
        "beim",
        "dieser",
        "diese",
        "dieses",
        "idee",
        "ideen",
        "vorschlag",
        "finde",
        "meiner",
        "meinung",
        "also",
        "eher",
        "sowie",
        "jedoch",
        "wenn",
        "weil",
        "damit",
        "ohne",
        "gegen",
        "statt",
        "haben",
        "hat",
        "hätte",
        "gerne",
        "ja",
        "nein",
        "wurde",
        "wurden",
        "worden",
        "habe",
        "alle",
        "allen",
        "jeder",
        "jede",
        "jedes",
        "eigentlich",
        "wirklich",
        "möglich",
        "möglichkeit",
        "genau",
        "zwar",
        "werden",
        "wird",
    ]
)


@dataclass(frozen=True)
class Theme:
    label: str  # "Hunde · Auslauf · Hundeauslaufgebiet"
    phrases: tuple[str, ...]
    keys: tuple[str, ...]  # the contributions in this theme, closest to its centre first


def _surface_words(text: str) -> list[tuple[str, str]]:
    """(stem, surface) for content words."""
    out = []
    for word in _WORD.findall(text):
        plain = fold_plain(word)
        if len(plain) < 3 or plain in _FILLER or plain in PLAIN_STOP_WORDS:
            continue
        out.append((stem(plain), word))
    return out


def key_phrases(groups: Sequence[Sequence[str]], *, top: int = 3) -> list[tuple[str, ...]]:
    """The ``top`` most distinctive words or two-word phrases of each group of texts."""
    counts: list[Counter[str]] = []
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    for texts in groups:
        bag: Counter[str] = Counter()
        for text in texts:
            words = _surface_words(text)
            seen: set[str] = set()
            for i, (s, surface) in enumerate(words):
                seen.add(s)
                surfaces[s][surface] += 1
                if i + 1 < len(words):
                    pair = f"{s} {words[i + 1][0]}"
                    seen.add(pair)
                    surfaces[pair][f"{surface} {words[i + 1][1]}"] += 1
            bag.update(seen)  # document frequency within the group
        counts.append(bag)
    everywhere: Counter[str] = Counter()
    for bag in counts:
        everywhere.update(bag)
    total_docs = sum(len(texts) for texts in groups) or 1
    result = []
    for texts, bag in zip(groups, counts, strict=True):
        size = max(len(texts), 1)
        scored = []
        for term, n in bag.items():
            if n < 2 and size > 2:
                continue
            weight = (n / size) * math.log(1 + total_docs / everywhere[term])
            if " " in term:
                weight *= 1.2
            scored.append((-weight, term))
        scored.sort()
        chosen: list[str] = []
        for _weight, term in scored:
            parts = set(term.split())
            if any(parts & set(c.split()) for c in chosen):
                continue
            chosen.append(term)
            if len(chosen) == top:
                break
        result.append(tuple(surfaces[t].most_common(1)[0][0] for t in chosen))
    return result


def kmeans_labels(rows: np.ndarray, k: int, *, seed: int = 0, restarts: int = 8) -> list[int]:
    """Spherical k-means (cosine) on unit rows; deterministic, best of ``restarts``."""
    rows = unit_rows(np.asarray(rows, dtype=np.float32))
    n = len(rows)
    k = max(1, min(k, n))
    rng = np.random.default_rng(seed)
    best, best_fit = np.zeros(n, dtype=int), -np.inf
    for _ in range(restarts):
        first = int(rng.integers(n))
        centres = [rows[first]]
        for _step in range(1, k):
            closest = np.max(np.stack(centres) @ rows.T, axis=0)
            distance = np.clip(1 - closest, 0, None) ** 2
            total = distance.sum()
            pick = rng.choice(n, p=distance / total) if total > 0 else int(rng.integers(n))
            centres.append(rows[pick])
        c = np.stack(centres)
        labels = np.zeros(n, dtype=int)
        for step in range(60):
            new = np.argmax(rows @ c.T, axis=1)
            if step and np.array_equal(new, labels):
                break
            labels = new
            for j in range(k):
                members = rows[labels == j]
                if len(members):
                    c[j] = members.sum(axis=0)
            c = unit_rows(c)
        fit = float((rows * c[labels]).sum())
        if fit > best_fit + 1e-9:
            best, best_fit = labels.copy(), fit
    return best.tolist()


def cosine_silhouette(rows: np.ndarray, labels: Sequence[int]) -> float:
    lab = np.asarray(labels)
    groups = sorted(set(lab.tolist()))
    if len(groups) < 2:
        return 0.0
    distance = 1 - np.clip(rows @ rows.T, -1, 1)
    widths = []
    for i in range(len(rows)):
        own = lab == lab[i]
        if own.sum() <= 1:
            widths.append(0.0)
            continue
        a = distance[i, own].sum() / (own.sum() - 1)
        b = min(distance[i, lab == g].mean() for g in groups if g != lab[i])
        widths.append((b - a) / max(a, b) if max(a, b) > 0 else 0.0)
    return float(np.mean(widths))


def document_vectors(
    texts: Sequence[str], *, semantic: Encoder | None = None, auto: bool = True
) -> np.ndarray:
    """Unit vectors for ranking and clustering whole contributions.

    The sentence encoder when available (on the Tempelhofer Feld proposals it ranks better
    alone than mixed with letters, see docs/background/topics.md), else character TF-IDF.
    """
    encoder = semantic if semantic is not None or not auto else sentence_encoder()
    if encoder is None:
        return tfidf_rows(texts)
    return encoder.encode(texts)


def themes(
    contributions: Sequence[tuple[str, str, str]],
    *,
    k: int | None = None,
    max_k: int = 12,
    semantic: Encoder | None = None,
    auto: bool = True,
    vectors: np.ndarray | None = None,
) -> list[Theme]:
    """Themes of (key, title, text) contributions, largest first.

    ``vectors`` may pass rows already computed by :func:`document_vectors`.
    """
    if not contributions:
        return []
    texts = [f"{title}. {text}".strip() for _, title, text in contributions]
    rows = vectors if vectors is not None else document_vectors(texts, semantic=semantic, auto=auto)
    n = len(rows)
    if k is None:
        best_k, best_width, labels = 1, -1.0, [0] * n
        for candidate in range(2, min(max_k, n // 3) + 1):
            trial = kmeans_labels(rows, candidate)
            width = cosine_silhouette(rows, trial)
            if width > best_width + 1e-9:
                best_k, best_width, labels = candidate, width, trial
        k = best_k
    else:
        labels = kmeans_labels(rows, k)
    members: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        members[label].append(i)
    order = sorted(members, key=lambda g: (-len(members[g]), min(members[g])))
    phrases = key_phrases([[texts[i] for i in members[g]] for g in order])
    out = []
    for g, words in zip(order, phrases, strict=True):
        centre = unit_rows(rows[members[g]].sum(axis=0, keepdims=True))[0]
        ranked = sorted(members[g], key=lambda i: (-float(rows[i] @ centre), i))
        out.append(
            Theme(
                label=" · ".join(words) or contributions[ranked[0]][1],
                phrases=words,
                keys=tuple(contributions[i][0] for i in ranked),
            )
        )
    return out


def normalized_mutual_information(a: Sequence[int], b: Sequence[int]) -> float:
    """NMI with arithmetic-mean normalisation (0 = independent, 1 = identical)."""
    n = len(a)
    if n == 0:
        return 1.0
    joint = Counter(zip(a, b, strict=True))
    pa, pb = Counter(a), Counter(b)
    mutual = sum(c / n * math.log(c * n / (pa[x] * pb[y])) for (x, y), c in joint.items())
    ha = -sum(c / n * math.log(c / n) for c in pa.values())
    hb = -sum(c / n * math.log(c / n) for c in pb.values())
    if ha + hb == 0:
        return 1.0
    return float(2 * mutual / (ha + hb))
