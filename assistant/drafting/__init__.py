"""Drafting a report: the draft model and events, prompts, output cleanup, the offline writer, example
retrieval, the figure-repair loop and the per-section pipeline (with fault handling)."""
