"""Topic analysis: German normalisation, near-duplicate suggestions and breadth hints.

Plain Python, no Django. The live wall calls :func:`similar` while someone types and
:func:`breadth` before a card is posted.
"""

from quartier.engine.topics.breadth import GENERIC_TERMS, BreadthHint, breadth
from quartier.engine.topics.normalize import fold, normalized, stem, tokens
from quartier.engine.topics.similarity import Candidate, Match, similar, similarity

__all__ = [
    "GENERIC_TERMS",
    "BreadthHint",
    "Candidate",
    "Match",
    "breadth",
    "fold",
    "normalized",
    "similar",
    "similarity",
    "stem",
    "tokens",
]
