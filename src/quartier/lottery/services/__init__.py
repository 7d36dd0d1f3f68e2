"""Writes of the lottery app, split by workflow step (see the modules)."""
