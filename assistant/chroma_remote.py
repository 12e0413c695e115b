"""The index on a Chroma server (``settings.chroma_url``): the client, and the lexical catalog kept
server-side so every app replica searches the same chunks.

Embedded mode keeps the catalog (manifest + ``lexical-<generation>.json``) in the local index folder
and commits by ``os.replace`` of the manifest. With several replicas that folder is per machine, so
in server mode the same two objects live in one small Chroma collection, :data:`CATALOG_COLLECTION`:

* ``part:<generation>:<sha16>:<nonce>:<i>`` — the lexical JSON of a commit, in pieces of at most
  :data:`PART_CHARS` characters (documents; the one-number vectors are placeholders Chroma requires);
* ``head`` — the commit point: the manifest (document) and ``generation``, ``sha`` (of the lexical
  JSON) and ``parts`` (metadata).

A commit writes the parts of the new generation first (invisible: nothing names them; each commit's
parts carry a random ``nonce`` in their ids, so two writers producing the same content never share
parts), then switches the head — only if it is still the one the update started from (another
replica may have committed meanwhile: then :class:`StaleCatalog` and the update is recomputed on
the newer state) — and only then deletes the parts of older generations.

Where the head lives decides whether that switch is a true compare-and-swap:

* with a shared database (``settings.database_url``, the replicas' PostgreSQL) the head is the row
  ``catalog_heads[name]`` (:class:`SqlHead`): generation, content hash, nonce and manifest; the
  check and the switch are one transaction holding the row lock (``SELECT … FOR UPDATE``), so of
  two replicas committing at the same instant exactly one wins and the other recomputes: no update
  is lost. The Chroma collection then holds only the parts, plus a ``head`` record that says
  "the head is in the database", so a replica started without ``DATABASE_URL`` refuses the index
  with a clear error instead of reading a different commit point (a head committed to Chroma
  before the database was configured is adopted into the table by the first replica that has it);
* without one (a single replica on a Chroma server) the head is the ``head`` record of the
  collection: the manifest (document) and ``generation``, ``sha``, ``parts``, ``nonce``
  (metadata). Chroma has no compare-and-swap, so two writers checking within the same few
  milliseconds could both pass and the later head wins; each replica's own writers are serialised
  by the index lock, which is why several replicas need the database.

A reader that fetched an old head while the parts are being pruned finds them missing and simply
retries with the new head. Each search compares the head's ``(generation, sha)`` with what it
loaded — one small read — so a second replica sees what the first indexed on its next search.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from assistant.errors import KnowledgeIndexError, StoreError

log = logging.getLogger(__name__)

CATALOG_COLLECTION = "report-assistant-catalog-v1"
PART_CHARS = 1_000_000
HEAD = "head"
IN_DATABASE = "in-database"  # the Chroma head record's sha when the head is a database row
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


class SqlHead:
    """The catalog's commit point as one row of ``catalog_heads`` in the shared database (PostgreSQL,
    or SQLite for replicas on one machine): :meth:`swap` is a compare-and-swap under the row lock."""

    def __init__(self, url: str | Path, *, name: str = CATALOG_COLLECTION) -> None:
        from assistant.store_sql import open_backend

        self.name = name
        try:
            self._db = open_backend(url)
        except (StoreError, sqlite3.DatabaseError) as exc:
            raise KnowledgeIndexError(f"The database holding the shared index head cannot be opened: {exc}") from exc
        try:
            with self._db.tx() as c:
                self._db.migrate_lock(c)  # replicas starting together create the table once
                c.execute(
                    "CREATE TABLE IF NOT EXISTS catalog_heads (name TEXT PRIMARY KEY, generation INTEGER NOT NULL, "
                    "sha TEXT NOT NULL, nonce TEXT NOT NULL, manifest_json TEXT NOT NULL, updated TEXT NOT NULL)"
                )
        except self._db.errors as exc:
            self._db.close()
            raise KnowledgeIndexError(f"The shared index head cannot be stored in {self._db.label}: {exc}") from exc

    def get(self) -> tuple[Token, dict[str, Any]] | None:
        rows = self._read("SELECT generation, sha, manifest_json FROM catalog_heads WHERE name = ?")
        if not rows:
            return None
        return (int(rows[0][0]), str(rows[0][1])), json.loads(rows[0][2])

    def token(self) -> Token | None:
        rows = self._read("SELECT generation, sha FROM catalog_heads WHERE name = ?")
        return (int(rows[0][0]), str(rows[0][1])) if rows else None

    def swap(self, expect: Token | None, token: Token, nonce: str, manifest: dict[str, Any]) -> bool:
        """Make ``token`` the head if the head is still ``expect``; False (nothing changed) if not."""
        text = json.dumps(manifest, ensure_ascii=False)
        now = datetime.now(UTC).isoformat(timespec="microseconds")
        try:
            with self._db.tx() as c:
                row = c.execute("SELECT generation, sha FROM catalog_heads WHERE name = ?" + self._db.for_update,
                                (self.name,)).fetchone()
                current = None if row is None else (int(row[0]), str(row[1]))
                if current != (None if expect is None else (int(expect[0]), str(expect[1]))):
                    return False
                if row is None:  # first commit: a racing first commit makes this insert a no-op
                    cur = c.execute(
                        "INSERT INTO catalog_heads (name, generation, sha, nonce, manifest_json, updated) "
                        "VALUES (?,?,?,?,?,?) ON CONFLICT (name) DO NOTHING",
                        (self.name, token[0], token[1], nonce, text, now))
                else:
                    cur = c.execute(
                        "UPDATE catalog_heads SET generation = ?, sha = ?, nonce = ?, manifest_json = ?, updated = ? "
                        "WHERE name = ?", (token[0], token[1], nonce, text, now, self.name))
                return bool(cur.rowcount == 1)
        except self._db.errors as exc:
            raise KnowledgeIndexError(f"The shared index head could not be switched: {exc}") from exc

    def _read(self, sql: str) -> list[Any]:
        try:
            return self._db.read(sql, (self.name,))
        except self._db.errors as exc:
            raise KnowledgeIndexError(f"The shared index head cannot be read: {exc}") from exc

    def close(self) -> None:
        self._db.close()


class RemoteCatalog:
    """The catalog (manifest + lexical rows) stored in the Chroma server's catalog collection; the
    head there, or in the shared database when ``database_url`` is given (see the module doc)."""

    def __init__(self, client: Any, *, database_url: str = "") -> None:
        self._col = client.get_or_create_collection(name=CATALOG_COLLECTION, embedding_function=None,
                                                    metadata={"purpose": "report-assistant lexical catalog"})
        self._sql: SqlHead | None = SqlHead(database_url) if database_url else None
        if self._sql is not None:
            self._adopt_chroma_head(self._sql)

    def _adopt_chroma_head(self, sql: SqlHead) -> None:
        """Move the commit point into the database: a catalog committed before ``DATABASE_URL`` was set
        (its head a Chroma record) becomes the database head, then the Chroma record becomes the
        marker telling replicas without the database where the head is (idempotent)."""
        res = self._col.get(ids=[HEAD], include=["metadatas", "documents"])
        if res["ids"] and res["metadatas"][0].get("sha") != IN_DATABASE and sql.token() is None:
            meta = res["metadatas"][0]
            manifest = json.loads(res["documents"][0])
            token = (int(meta["generation"]), str(meta["sha"]))
            if sql.swap(None, token, str(meta.get("nonce", "")), manifest):
                log.info("the shared index head (generation %d) now lives in the database", token[0])
        self._col.upsert(ids=[HEAD], embeddings=[[0.0]], documents=["{}"],
                         metadatas=[{"generation": -1, "sha": IN_DATABASE, "parts": 0, "kind": "head"}])

    def head(self) -> tuple[Token, dict[str, Any]] | None:
        """The committed ``(token, manifest)``, or None before the first commit."""
        if self._sql is not None:
            return self._sql.get()
        res = self._col.get(ids=[HEAD], include=["metadatas", "documents"])
        if not res["ids"]:
            return None
        meta = res["metadatas"][0]
        _refuse_database_head(meta)
        return (int(meta["generation"]), str(meta["sha"])), json.loads(res["documents"][0])

    def token(self) -> Token | None:
        if self._sql is not None:
            return self._sql.token()
        res = self._col.get(ids=[HEAD], include=["metadatas"])
        if not res["ids"]:
            return None
        meta = res["metadatas"][0]
        _refuse_database_head(meta)
        return int(meta["generation"]), str(meta["sha"])

    def load(self, token: Token, manifest: dict[str, Any]) -> dict[str, Any]:
        """The lexical data of a committed head; raises :class:`StaleCatalog` if its parts are gone."""
        generation, sha = token
        n = int(manifest.get("lexical_parts", 0))
        nonce = str(manifest.get("lexical_nonce", ""))
        ids = [_part_id(generation, sha, i, nonce) for i in range(n)]
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
        nonce = secrets.token_hex(6)
        pieces = [text[i : i + PART_CHARS] for i in range(0, len(text), PART_CHARS)] or [""]
        manifest = {**manifest, "lexical_sha": sha, "lexical_parts": len(pieces), "lexical_nonce": nonce}
        for start in range(0, len(pieces), 8):
            batch = pieces[start : start + 8]
            self._col.upsert(
                ids=[_part_id(generation, sha, start + k, nonce) for k in range(len(batch))],
                embeddings=[[0.0]] * len(batch),
                documents=batch,
                metadatas=[{"generation": generation, "sha": sha, "nonce": nonce, "kind": "part"}] * len(batch),
            )
        if self._sql is not None:
            switched = self._sql.swap(expect, (generation, sha), nonce, manifest)
        else:
            switched = self.token() == expect
            if switched:
                self._col.upsert(ids=[HEAD], embeddings=[[0.0]],
                                 documents=[json.dumps(manifest, ensure_ascii=False)],
                                 metadatas=[{"generation": generation, "sha": sha, "parts": len(pieces),
                                             "nonce": nonce, "kind": "head"}])
        if not switched:
            self._delete_parts(nonce)
            raise StaleCatalog("another replica updated the shared index first")
        self._prune(generation)
        return generation, sha

    def close(self) -> None:
        if self._sql is not None:
            self._sql.close()

    def _delete_parts(self, nonce: str) -> None:
        self._col.delete(where={"$and": [{"nonce": nonce}, {"kind": "part"}]})

    def _prune(self, generation: int) -> None:
        """Delete the parts of older generations (never this one's: a racer's head may name them)."""
        try:
            self._col.delete(where={"$and": [{"kind": "part"}, {"generation": {"$lt": generation}}]})
        except Exception as exc:  # pruning is tidying: the commit already happened
            log.warning("could not prune old catalog parts: %s", exc)


def _refuse_database_head(meta: dict[str, Any]) -> None:
    if meta.get("sha") == IN_DATABASE:
        raise KnowledgeIndexError(
            "This shared index keeps its commit point in the sessions database: set "
            "REPORT_ASSISTANT_DATABASE_URL to the same database as the other replicas."
        )


def _part_id(generation: int, sha: str, i: int, nonce: str = "") -> str:
    if not nonce:  # parts written before commits carried a nonce
        return f"part:{generation}:{sha[:16]}:{i}"
    return f"part:{generation}:{sha[:16]}:{nonce}:{i}"
