"""The service container: settings → store, embeddings, index, retriever, chat model, first-run status.

One :class:`Services` is built per process (the web UI's :class:`ui.context.AppContext` is one with
the page's extras; the CLI makes one per command). Heavy objects (the retriever and its index, the
chat model, the local llama.cpp server) are made lazily and at most once; a failure to make them is
logged and the caller falls back (no examples, the offline provider), never a crash. ``close()``
releases everything (models, the local server, the index, the store).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from assistant.errors import AssistantError
from assistant.llm.providers import ProviderHandle
from assistant.settings import Settings
from assistant.status import DENSE_TASK, LEXICAL_TASK, MODEL_TASK, StatusBoard
from assistant.store import SessionStore, open_store

log = logging.getLogger(__name__)

ProviderFactory = Callable[[Settings, str | None], ProviderHandle]


@dataclass
class ProviderInfo:
    """What the status line shows about the drafting model (never a key or a full URL with secrets)."""

    name: str
    model: str
    banner: str = ""
    error: str = ""


@dataclass
class Services:
    """Everything the application layer shares. Thread-safe for Gradio's worker threads."""

    settings: Settings
    store: SessionStore = None  # type: ignore[assignment]  # made in __post_init__ unless open_store is False
    board: StatusBoard = field(default_factory=StatusBoard)
    provider_factory: ProviderFactory | None = None  # tests inject fake chat models here
    retriever_factory: Callable[[Services], Any] | None = None
    provider_name: str | None = None  # --provider override
    open_store: bool = True  # False: no session store (CLI commands that keep no sessions)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _retriever: Any = field(default=None, repr=False)
    _index: Any = field(default=None, repr=False)
    _embeddings: Any = field(default=None, repr=False)
    _index_thread: threading.Thread | None = field(default=None, repr=False)
    _retriever_failed: str = field(default="", repr=False)
    _handles: dict[str, ProviderHandle] = field(default_factory=dict, repr=False)
    _local_server: Any = field(default=None, repr=False)
    _local_thread: threading.Thread | None = field(default=None, repr=False)
    _provider_info: ProviderInfo | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.store is None and self.open_store:
            self.settings.data_dir.mkdir(parents=True, exist_ok=True)
            self.store = open_store(self.settings)

    # --- retrieval -------------------------------------------------------------------------------
    def retriever(self) -> Any | None:
        """The example retriever, or ``None`` when there is no usable index (the draft still works)."""
        with self._lock:
            if self._retriever is not None or self._retriever_failed:
                return self._retriever
            try:
                if self.retriever_factory is not None:
                    self._retriever = self.retriever_factory(self)
                else:
                    from assistant.retrieve import Retriever

                    index = self.index()
                    self._retriever = Retriever(index, self._embeddings, self.settings)
            except AssistantError as exc:
                self._retriever_failed = str(exc)
                log.warning("examples unavailable: %s", exc)
            except Exception:
                self._retriever_failed = "index unavailable"
                log.exception("could not open the example index")
            return self._retriever

    def index(self) -> Any:
        """The shared :class:`~assistant.index.KnowledgeIndex` (made once; the Knowledge tab uses it too)."""
        with self._lock:
            if self._index is None:
                from assistant.embeddings import make_embeddings
                from assistant.index import KnowledgeIndex

                self._embeddings = make_embeddings(self.settings)
                self._index = KnowledgeIndex(self.settings, self._embeddings)
            return self._index

    def start_index_build(self) -> None:
        """Index the shipped examples (lexical first, then dense vectors) in a background thread."""
        if self._index_thread is not None and self._index_thread.is_alive():
            return
        thread = threading.Thread(target=self._build_index, name="knowledge-index", daemon=True)
        self._index_thread = thread
        thread.start()

    def _build_index(self) -> None:
        board = self.board
        try:
            index = self.index()
            board.start(LEXICAL_TASK)
            folders = [d for d in self.settings.knowledge_dirs if d.is_dir()]
            if folders:
                index.update(folders, origin="shipped", mirror=True)
            board.finish(LEXICAL_TASK)
            board.enable("lexical_search")
            self.reset_retriever()
            status = index.dense_status()
            if status.total and status.done >= status.total:
                board.enable("dense_search")
                return
            board.start(DENSE_TASK, total=status.total)
            index.build_dense(board.callback(DENSE_TASK))
            board.finish(DENSE_TASK)
            board.enable("dense_search")
        except AssistantError as exc:
            board.fail(DENSE_TASK if board.task(DENSE_TASK) else LEXICAL_TASK, str(exc))
        except Exception:
            log.exception("building the example index failed")
            board.fail(DENSE_TASK if board.task(DENSE_TASK) else LEXICAL_TASK, "see the log")

    def reset_retriever(self) -> None:
        """Forget the retriever (after the Knowledge tab changed the index)."""
        with self._lock:
            self._retriever = None
            self._retriever_failed = ""

    # --- language model --------------------------------------------------------------------------
    @property
    def retriever_error(self) -> str:
        """Why there is no retriever ("" when there is one or none was asked for yet)."""
        return self._retriever_failed

    def provider(self, name: str | None = None, *, language: str = "zh") -> ProviderHandle:
        """The chat model handle (``ProviderHandle``: name, model, banner). Made once per name;
        ``language`` is the offline banner's."""
        key = name or self.provider_name or self.settings.provider
        with self._lock:
            handle = self._handles.get(key)
            if handle is not None:
                return handle
            if self.provider_factory is not None:
                handle = self.provider_factory(self.settings, key)
            else:
                from assistant.llm.providers import make_chat_model

                local_busy = self._local_thread is not None and self._local_thread.is_alive()
                chosen = key
                if key == "auto" and local_busy:
                    chosen = "offline"  # the local model is still being prepared: do not block
                handle = make_chat_model(self.settings, provider=chosen, language=language)
                if key == "auto" and local_busy:
                    # Do not cache: once the local model is ready, auto should pick it.
                    self._provider_info = _info(handle)
                    return handle
            self._handles[key] = handle
            self._provider_info = _info(handle)
            if handle.name in ("openai", "local"):
                self.board.enable(f"{handle.name}_model")
            return handle

    def provider_info(self) -> ProviderInfo | None:
        return self._provider_info

    # --- background start-up ---------------------------------------------------------------------
    def start_background(self) -> None:
        """Prepare and start the local model in a thread when the provider is auto/local.

        The page shows "preparing the local model…" with progress until it is ready. Nothing
        happens when another provider is configured or the local model is not installed.
        """
        key = self.provider_name or self.settings.provider
        if key not in ("auto", "local") or self.provider_factory is not None or (
            key == "auto" and self.settings.openai_base_url
        ):
            # Make the chat model now (imports take seconds) so the first draft does not wait.
            threading.Thread(target=self._warm_provider, name="provider-warmup", daemon=True).start()
            return
        try:
            from assistant.llm.local_model import local_model_available
        except Exception:  # the module is optional
            return
        if not local_model_available(self.settings):
            return
        thread = threading.Thread(target=self._prepare_local, name="local-model", daemon=True)
        self._local_thread = thread
        thread.start()

    def _warm_provider(self) -> None:
        try:
            self.provider()
        except AssistantError as exc:
            log.warning("the drafting model is not available: %s", exc)
        except Exception:
            log.exception("making the drafting model failed")

    def _prepare_local(self) -> None:
        from assistant.llm.local_llm import LocalServer
        from assistant.llm.local_model import prepare_model

        board = self.board
        board.start(MODEL_TASK, total=None)
        try:
            model = prepare_model(self.settings, progress=board.callback(MODEL_TASK))
            board.update(MODEL_TASK, 99, 100, message="starting llama.cpp")
            server = LocalServer(self.settings, model_path=model)
            server.start()
            with self._lock:
                self._local_server = server
                self._handles.pop("auto", None)
                self._handles.pop("local", None)
            board.enable("local_model")
            board.finish(MODEL_TASK)
            self._provider_info = None  # the status line names the local model from now on
        except AssistantError as exc:
            board.fail(MODEL_TASK, str(exc))
        except Exception:
            log.exception("the local model could not be started")
            board.fail(MODEL_TASK, "see the log")

    def local_preparing(self) -> bool:
        return self._local_thread is not None and self._local_thread.is_alive()

    # --- shutdown --------------------------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            handles = list(self._handles.values())
            self._handles.clear()
            server, self._local_server = self._local_server, None
        for handle in handles:
            try:
                handle.close()
            except Exception:
                log.exception("closing a chat model failed")
        if server is not None:
            try:
                server.stop()
            except Exception:
                log.exception("stopping the local server failed")
        index = self._index
        if index is not None:
            try:
                index.stop_dense_build(timeout=5)
                index.close()
            except Exception:
                log.exception("closing the index failed")
        if self.store is not None:
            try:
                self.store.close()
            except Exception:
                log.exception("closing the store failed")


def _info(handle: ProviderHandle) -> ProviderInfo:
    return ProviderInfo(name=handle.name, model=handle.model_name or _model_name(handle), banner=handle.banner or "")


def _model_name(handle: ProviderHandle) -> str:
    """The model's own name when the handle does not carry one (a model a test injected)."""
    for attr in ("model_name", "model"):
        value = getattr(handle.model, attr, None)
        if isinstance(value, str):
            return value
    return ""
