"""Opinion groups from agree/disagree/pass votes, computed the way Pol.is does.

Participants answer short statements with agree (+1), disagree (-1) or pass (0). We
keep participants with enough votes, fill each missing vote with the statement's mean,
project the matrix on its first two principal components (scaled up for people who saw
few statements, so they are not pulled into the centre), and split the points with
k-means, choosing k in 2..5 by silhouette. Consensus statements are those every group
agrees with; divisive ones are those where the groups' agreement differs most. See
docs/background/topics.md for the model.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

AGREE, PASS, DISAGREE = 1, 0, -1
MIN_VOTES = 7
MAX_GROUPS = 5
BASE_CLUSTERS = 100


@dataclass(frozen=True)
class OpinionVote:
    participant: str
    statement: str
    value: int  # +1 agree, 0 pass, -1 disagree


@dataclass(frozen=True)
class StatementStat:
    statement: str
    agree: float  # share of agree among those in the group who voted, Laplace-smoothed
    disagree: float
    votes: int
    by_group: tuple[float, ...]  # smoothed agree share per group


@dataclass(frozen=True)
class OpinionMap:
    statements: tuple[str, ...]
    participants: tuple[str, ...]  # those placed on the map (enough votes)
    points: tuple[tuple[float, float], ...]  # 2-D position per participant
    groups: tuple[int, ...]  # group index per participant
    group_count: int
    silhouette: float
    consensus: tuple[StatementStat, ...]
    divisive: tuple[StatementStat, ...]
    stats: tuple[StatementStat, ...] = field(default=())
    left_out: int = 0  # participants with too few votes


def vote_matrix(
    votes: Iterable[OpinionVote],
) -> tuple[list[str], list[str], np.ndarray]:
    """Participants × statements with NaN where someone did not vote (last vote wins)."""
    votes = list(votes)
    people = sorted({v.participant for v in votes}, key=_natural)
    items = sorted({v.statement for v in votes}, key=_natural)
    row = {p: i for i, p in enumerate(people)}
    col = {s: j for j, s in enumerate(items)}
    matrix = np.full((len(people), len(items)), np.nan)
    for vote in votes:
        matrix[row[vote.participant], col[vote.statement]] = float(np.sign(vote.value))
    return people, items, matrix


def _natural(key: str) -> tuple[int, int | str]:
    return (0, int(key)) if key.lstrip("-").isdigit() else (1, key)


def project(matrix: np.ndarray) -> np.ndarray:
    """2-D PCA projection of the vote matrix, missing votes filled with the statement mean."""
    seen = ~np.isnan(matrix)
    counts = seen.sum(axis=0)
    means = np.where(counts > 0, np.nansum(matrix, axis=0) / np.maximum(counts, 1), 0.0)
    filled = np.where(seen, matrix, means)
    centred = filled - filled.mean(axis=0)
    if centred.shape[0] < 2 or not np.any(centred):
        return np.zeros((matrix.shape[0], 2))
    _u, _s, vt = np.linalg.svd(centred, full_matrices=False)
    components = vt[:2].copy()
    # SVD signs are arbitrary: make each component's largest loading positive.
    for i in range(components.shape[0]):
        if components[i, np.argmax(np.abs(components[i]))] < 0:
            components[i] = -components[i]
    points = centred @ components.T
    if points.shape[1] < 2:
        points = np.hstack([points, np.zeros((points.shape[0], 2 - points.shape[1]))])
    return np.asarray(points)


def kmeans(
    points: np.ndarray,
    k: int,
    *,
    weights: np.ndarray | None = None,
    seed: int = 0,
    restarts: int = 10,
) -> np.ndarray:
    """Weighted Lloyd's k-means with k-means++ starts; the best of ``restarts`` runs.

    Deterministic for a given seed, so the same votes always give the same map.
    """
    w = np.ones(len(points)) if weights is None else np.asarray(weights, dtype=float)
    rng = np.random.default_rng(seed)
    best_labels, best_cost = np.zeros(len(points), dtype=int), np.inf
    for _ in range(restarts):
        centres = _plus_plus(points, k, rng)
        labels = np.zeros(len(points), dtype=int)
        for step in range(100):
            distances = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
            new = distances.argmin(axis=1)
            if step and np.array_equal(new, labels):
                break
            labels = new
            for j in range(k):
                mine = labels == j
                if np.any(mine):
                    centres[j] = np.average(points[mine], axis=0, weights=w[mine])
        cost = float((w * ((points - centres[labels]) ** 2).sum(axis=1)).sum())
        if cost < best_cost - 1e-12:
            best_cost, best_labels = cost, labels.copy()
    return best_labels


def _plus_plus(points: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    centres = [points[rng.integers(len(points))]]
    for _ in range(1, k):
        d2 = np.min([((points - c) ** 2).sum(axis=1) for c in centres], axis=0)
        total = d2.sum()
        index = rng.choice(len(points), p=d2 / total) if total > 0 else rng.integers(len(points))
        centres.append(points[index])
    return np.array(centres, dtype=float)


def _relabel_by_size(labels: np.ndarray) -> np.ndarray:
    """Group 0 is the largest, so the numbering does not depend on the random start."""
    order = sorted(set(labels.tolist()), key=lambda g: (-(labels == g).sum(), g))
    mapping = {g: i for i, g in enumerate(order)}
    return np.array([mapping[g] for g in labels.tolist()], dtype=int)


def silhouette(points: np.ndarray, labels: np.ndarray, weights: np.ndarray | None = None) -> float:
    """Mean silhouette width (-1..1), each point counted ``weights`` times; 0 for one group."""
    groups = sorted(set(labels.tolist()))
    if len(groups) < 2:
        return 0.0
    w = np.ones(len(points)) if weights is None else np.asarray(weights, dtype=float)
    distances = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    widths = np.zeros(len(points))
    for i in range(len(points)):
        own = labels == labels[i]
        others_in_own = w[own].sum() - 1  # the point's own copies sit at distance 0
        if others_in_own <= 0:
            continue
        a = (distances[i, own] * w[own]).sum() / others_in_own
        b = min(
            (distances[i, labels == g] * w[labels == g]).sum() / w[labels == g].sum()
            for g in groups
            if g != labels[i]
        )
        widths[i] = (b - a) / max(a, b) if max(a, b) > 0 else 0.0
    return float((widths * w).sum() / w.sum())


def opinion_groups(
    points: np.ndarray, *, max_groups: int = MAX_GROUPS, base_clusters: int = BASE_CLUSTERS
) -> tuple[np.ndarray, float]:
    """Group labels per point and the silhouette that chose their number.

    As in Pol.is, the points are first summarised by up to 100 base clusters; groups are
    made of whole base clusters (k-means weighted by their size) and k in 2..5 is the one
    with the widest silhouette over the base clusters.
    """
    n = len(points)
    if n < 4:
        return np.zeros(n, dtype=int), 0.0
    base = kmeans(points, min(base_clusters, n), restarts=1)
    used = sorted(set(base.tolist()))
    centres = np.array([points[base == b].mean(axis=0) for b in used])
    weights = np.array([(base == b).sum() for b in used], dtype=float)
    index_of = {b: i for i, b in enumerate(used)}
    best, best_width = np.zeros(n, dtype=int), 0.0
    few = len(centres) <= max_groups + 1  # many people voted alike: judge on the people
    for k in range(2, min(max_groups, len(centres) - (0 if few else 1)) + 1):
        grouped = kmeans(centres, k, weights=weights)
        if len(set(grouped.tolist())) < k:
            continue
        labels = np.array([grouped[index_of[b]] for b in base.tolist()], dtype=int)
        width = silhouette(points, labels) if few else silhouette(centres, grouped)
        if width > best_width + 1e-9:
            best, best_width = labels, width
    return _relabel_by_size(best), best_width


def statement_stats(
    matrix: np.ndarray, labels: np.ndarray, statements: Sequence[str], group_count: int
) -> list[StatementStat]:
    """Agree/disagree shares overall and per group ((agrees + 1) / (votes + 2), as Pol.is)."""
    stats = []
    for j, key in enumerate(statements):
        column = matrix[:, j]
        seen = ~np.isnan(column)
        agrees, disagrees, votes = (column == 1).sum(), (column == -1).sum(), int(seen.sum())
        per_group = []
        for g in range(group_count):
            mine = column[labels == g]
            mine = mine[~np.isnan(mine)]
            per_group.append(float(((mine == 1).sum() + 1) / (len(mine) + 2)))
        stats.append(
            StatementStat(
                statement=key,
                agree=float((agrees + 1) / (votes + 2)),
                disagree=float((disagrees + 1) / (votes + 2)),
                votes=votes,
                by_group=tuple(per_group),
            )
        )
    return stats


def opinion_map(
    votes: Iterable[OpinionVote],
    *,
    min_votes: int = MIN_VOTES,
    max_groups: int = MAX_GROUPS,
    top: int = 5,
) -> OpinionMap:
    """Opinion groups, map positions, consensus and divisive statements."""
    people, items, matrix = vote_matrix(votes)
    need = min(min_votes, len(items))
    enough = (~np.isnan(matrix)).sum(axis=1) >= max(need, 1) if items else np.zeros(0, bool)
    kept = [p for p, ok in zip(people, enough.tolist(), strict=True) if ok]
    sub = matrix[enough] if len(people) else matrix
    points = project(sub) if kept else np.zeros((0, 2))
    labels, score = opinion_groups(points, max_groups=max_groups)
    k = len(set(labels.tolist()))
    stats = statement_stats(sub, labels, items, max(k, 1)) if items else []
    voted = [s for s in stats if s.votes >= 1]
    consensus = sorted(
        (s for s in voted if min(s.by_group) > 0.5),
        key=lambda s: (-min(s.by_group), -s.votes, _natural(s.statement)),
    )
    divisive = sorted(
        (s for s in voted if k > 1),
        key=lambda s: (-(max(s.by_group) - min(s.by_group)), -s.votes, _natural(s.statement)),
    )
    return OpinionMap(
        statements=tuple(items),
        participants=tuple(kept),
        points=tuple((round(float(x), 4), round(float(y), 4)) for x, y in points.tolist()),
        groups=tuple(int(g) for g in labels.tolist()),
        group_count=k,
        silhouette=round(score, 4),
        consensus=tuple(consensus[:top]),
        divisive=tuple(divisive[:top]),
        stats=tuple(stats),
        left_out=len(people) - len(kept),
    )


def adjusted_rand_index(a: Sequence[int], b: Sequence[int]) -> float:
    """Agreement of two partitions corrected for chance (1 = identical, ~0 = random)."""
    if len(a) != len(b):
        raise ValueError("partitions must have the same length")
    if len(a) < 2:
        return 1.0
    pairs: dict[tuple[int, int], int] = {}
    for x, y in zip(a, b, strict=True):
        pairs[(x, y)] = pairs.get((x, y), 0) + 1
    rows: dict[int, int] = {}
    cols: dict[int, int] = {}
    for (x, y), n in pairs.items():
        rows[x] = rows.get(x, 0) + n
        cols[y] = cols.get(y, 0) + n

    def choose2(n: int) -> float:
        return n * (n - 1) / 2

    index = sum(choose2(n) for n in pairs.values())
    sum_rows = sum(choose2(n) for n in rows.values())
    sum_cols = sum(choose2(n) for n in cols.values())
    expected = sum_rows * sum_cols / choose2(len(a))
    maximum = (sum_rows + sum_cols) / 2
    if maximum == expected:
        return 1.0
    return float((index - expected) / (maximum - expected))
