"""Thin reach views, one module per area of the page tree."""
