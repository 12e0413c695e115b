"""The typed events and texts the application layer hands to its callers (the chat, the Knowledge tab,
the CLI): drafting events, rewrite events, the session outcomes, the fault markers and notices. Callers
import them from here, not from the drafting/rewrite/llm packages."""

from __future__ import annotations

from assistant.drafting.model import (
    Draft,
    DraftDone,
    DraftEvent,
    DraftInterrupted,
    DraftSection,
    InstantDraft,
    PolishStarted,
    PolishToken,
    RepairAttempt,
    SectionDone,
    SectionPolished,
    SectionStarted,
    Token,
    interrupted_marker,
    quote_note_line,
    retry_hint,
)
from assistant.llm.faults import ModelFault
from assistant.llm.providers import ProviderHandle, offline_banner
from assistant.rewrite.engine import RewriteDone, RewriteEvent, RewriteRepair, RewriteResult, RewriteToken
from assistant.services.session import DraftBegun, Drafted, Rewritten, SessionDraftEvent, SessionRewriteEvent

__all__ = [
    "Draft", "DraftBegun", "DraftDone", "DraftEvent", "DraftInterrupted", "DraftSection", "Drafted", "InstantDraft", "ModelFault",
    "PolishStarted", "PolishToken",
    "ProviderHandle", "RepairAttempt", "RewriteDone", "RewriteEvent", "RewriteRepair", "RewriteResult",
    "RewriteToken", "Rewritten", "SectionDone", "SectionPolished", "SectionStarted", "SessionDraftEvent", "SessionRewriteEvent",
    "Token", "interrupted_marker", "offline_banner", "quote_note_line", "retry_hint",
]
