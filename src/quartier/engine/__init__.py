"""Solver-backed engines (sortition, grouping, topics).

Plain Python with no Django import anywhere below this package: inputs and outputs are
dataclasses, so the engines can be used from the CLI, the web apps and benchmarks alike.
"""
