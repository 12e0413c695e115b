"""The index on a Chroma server (``settings.chroma_url``): the client, and the lexical catalog kept
server-side so every app replica searches the same chunks.

Embedded mode keeps the catalog (manifest + ``lexical-<generation>.json``) in the local index folder
and commits by ``os.replace`` of the manifest. With several replicas that folder is per machine, so
in server mode the same two objects live in one small Chroma collection, :data:`CATALOG_COLLECTION`:

* ``part:<generation>:<sha16>:<i>`` — the lexical JSON of a generation, in pieces of at most
  :data:`PART_CHARS` characters (documents; the one-number vectors are placeholders Chroma requires);
* ``head`` — the commit point: the manifest (document) and ``generation``, ``sha`` (of the lexical
  JSON) and ``parts`` (metadata).

A commit writes the parts of the new generation first (invisible: nothing names them), checks that
the head is still the one the update started from (another replica may have committed meanwhile:
then :class:`StaleCatalog` and the update is recomputed on the newer state), upserts the head, and
only then deletes the parts of older generations. Chroma has no compare-and-swap, so two replicas
committing within the same few milliseconds can still both pass the check and the later head wins
(the earlier update must be redone); uploads and re-indexing are rare, user-driven events, and each
replica's own writers are serialised by the index lock. A reader that fetched an old head while the parts
are being pruned finds them missing and simply retries with the new head. Each search compares the
head's ``(generation, sha)`` with what it loaded — one small GET — so a second replica sees what the
first indexed on its next search.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any
from urllib.parse import urlsplit

from assistant.errors import KnowledgeIndexError

log = logging.getLogger(__name__)

CATALOG_COLLECTION = "report-assistant-catalog-v1"
PART_CHARS = 1_000_000
HEAD = "head"
Token = tuple[int, str]  # (generation, sha256 of the lexical JSON)


class StaleCatalog(KnowledgeIndexError):
    """Another replica committed since this update read the catalog; recompute on the new state."""


def http_client(url: str) -> Any:
    """A ``chromadb.HttpClient`` for ``http(s)://host:port`` (telemetry off)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise KnowledgeIndexError(f"REPORT_ASSISTANT_CHROMA_URL must look like http://host:8000 (got {parts.scheme}://…)")
    port = parts.port or (443 if parts.scheme == "https" else 8000)
    try:
        client = chromadb.HttpClient(
            host=parts.hostname, port=port, ssl=parts.scheme == "https",
            settings=ChromaSettings(anonymized_telemetry=False, allow_reset=False),
        )
        client.heartbeat()
    except Exception as exc:
        raise KnowledgeIndexError(
            f"The Chroma server at {parts.scheme}://{parts.hostname}:{port} cannot be reached ({type(exc).__name__})."
        ) from exc
    return client


class RemoteCatalog:
    """The catalog (manifest + lexical rows) stored in the Chroma server's catalog collection."""

    def __init__(self, client: Any) -> None:
        self._col = client.get_or_create_collection(name=CATALOG_COLLECTION, embedding_function=None,
                                                    metadata={"purpose": "report-assistant lexical catalog"})

    def head(self) -> tuple[Token, dict[str, Any]] | None:
        """The committed ``(token, manifest)``, or None before the first commit."""
        res = self._col.get(ids=[HEAD], include=["metadatas", "documents"])
        if not res["ids"]:
            return None
        meta = res["metadatas"][0]
        return (int(meta["generation"]), str(meta["sha"])), json.loads(res["documents"][0])

    def token(self) -> Token | None:
        res = self._col.get(ids=[HEAD], include=["metadatas"])
        if not res["ids"]:
            return None
        meta = res["metadatas"][0]
        return int(meta["generation"]), str(meta["sha"])

    def load(self, token: Token, manifest: dict[str, Any]) -> dict[str, Any]:
        """The lexical data of a committed head; raises :class:`StaleCatalog` if its parts are gone."""
        generation, sha = token
        n = int(manifest.get("lexical_parts", 0))
        ids = [_part_id(generation, sha, i) for i in range(n)]
        res = self._col.get(ids=ids, include=["documents"])
        found = dict(zip(res["ids"], res["documents"], strict=True))
        if len(found) != n:
            raise StaleCatalog("the shared catalog changed while it was being read")
        text = "".join(found[i] for i in ids)
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != sha:
            raise StaleCatalog("the shared catalog changed while it was being read")
        data: dict[str, Any] = json.loads(text)
        return data

    def publish(self, manifest: dict[str, Any], data: dict[str, Any], expect: Token | None) -> Token:
        """Commit a new generation if the head is still ``expect``; returns the new token."""
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        generation = int(manifest["generation"])
        pieces = [text[i : i + PART_CHARS] for i in range(0, len(text), PART_CHARS)] or [""]
        manifest = {**manifest, "lexical_sha": sha, "lexical_parts": len(pieces)}
        for start in range(0, len(pieces), 8):
            batch = pieces[start : start + 8]
            self._col.upsert(
                ids=[_part_id(generation, sha, start + k) for k in range(len(batch))],
                embeddings=[[0.0]] * len(batch),
                documents=batch,
                metadatas=[{"generation": generation, "sha": sha, "kind": "part"}] * len(batch),
            )
        if self.token() != expect:
            self._delete_parts(generation, sha)
            raise StaleCatalog("another replica updated the shared index first")
        self._col.upsert(ids=[HEAD], embeddings=[[0.0]], documents=[json.dumps(manifest, ensure_ascii=False)],
                         metadatas=[{"generation": generation, "sha": sha, "parts": len(pieces), "kind": "head"}])
        self._prune(generation)
        return generation, sha

    def _delete_parts(self, generation: int, sha: str) -> None:
        self._col.delete(where={"$and": [{"generation": generation}, {"sha": sha}, {"kind": "part"}]})

    def _prune(self, generation: int) -> None:
        """Delete the parts of older generations (never this one's: a racer's head may name them)."""
        try:
            self._col.delete(where={"$and": [{"kind": "part"}, {"generation": {"$lt": generation}}]})
        except Exception as exc:  # pruning is tidying: the commit already happened
            log.warning("could not prune old catalog parts: %s", exc)


def _part_id(generation: int, sha: str, i: int) -> str:
    return f"part:{generation}:{sha[:16]}:{i}"
