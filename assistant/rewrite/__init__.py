"""Rewriting one section of a draft: section references and requests, offline transforms, the engine."""
