"""Widgets of the explorer; they show records from a Catalog and never read JSON."""
