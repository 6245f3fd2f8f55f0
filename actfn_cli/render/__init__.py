"""Rendering: figures (matplotlib Figure API), terminal plots, tables, and file output.

Nothing here imports matplotlib or rich at module level; each is imported where it is used.
"""
