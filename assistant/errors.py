"""Errors whose message is safe to show to the user.

The UI and the CLI show ``str(error)`` of any :class:`AssistantError` as it is; every other
exception is logged with its traceback and shown as a generic failure.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base class: the message is written for the user (no secrets, no stack traces)."""


class InputError(AssistantError):
    """The user's input (notes, a file, a draft) cannot be used as it is."""


class ConfigError(AssistantError):
    """The configuration is invalid or incomplete (a missing key, a bad path, a bad setting)."""


class ModelError(AssistantError):
    """The language model or the embedding model failed (unreachable, timed out, bad answer)."""


class KnowledgeIndexError(AssistantError):
    """The knowledge index cannot be built or read."""


class StoreError(AssistantError):
    """The session store cannot be read or written."""


class PromptError(AssistantError):
    """A prompt file is missing or does not declare the variables its chain needs."""
