"""Screens pushed over the explorer: a record's detail, the keys."""
