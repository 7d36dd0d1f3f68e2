"""Aggregated data shipped with the sortition engine (see README.md for source and licence)."""
