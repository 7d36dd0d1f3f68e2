"""Hypothesis settings for the grouping tests: few examples, no deadline (solver runs)."""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "grouping",
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
settings.load_profile("grouping")
