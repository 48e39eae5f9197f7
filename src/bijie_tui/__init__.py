"""bijie-tui: a terminal explorer of the Guangzhou–Bijie east–west collaboration."""

__version__ = "0.1.0"
