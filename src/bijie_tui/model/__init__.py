"""The headless core: the dataset format, loading, checks, queries and formatting.

Nothing in this package imports Textual; the command line and scripts use it directly.
"""
