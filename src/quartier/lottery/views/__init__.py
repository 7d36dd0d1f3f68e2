"""Lottery views: one page per workflow step (organizers) plus the public registration
and transparency pages."""
