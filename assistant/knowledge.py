"""The user's own example library: upload, list, open, delete, re-index, and steering retrieval.

Uploaded files go through exactly the importer the CLI uses (:func:`assistant.importer.import_files`
then :func:`assistant.index.load_sources`): the same size cap, encoding detection, clutter removal,
page splitting (a page holding 篇1…篇N becomes N reports) and per-file errors. Each report is kept
as one front-matter ``.md`` file under ``settings.uploads_dir / "knowledge" / "user"`` (sanitised
names; uploading a file with the same name replaces the earlier upload), and indexed with
``origin="user"`` and report ids ``user/<name>`` so they never collide with the shipped ones.

Nothing is half indexed: files are converted and chunked in a hidden staging folder; a file that
fails anywhere is reported and leaves no trace; the others are committed to the index in one atomic
step and only then moved into the library folder. If the commit fails, nothing is moved and the
index keeps its previous state. Dense vectors of the new chunks are computed right after the commit
(lexical search works as soon as the commit is done); if embedding fails, the reports stay indexed
lexically and the background dense builder catches up later.

Steering retrieval with the user's pins and excludes is :mod:`assistant.knowledge_steering`; file names
and value types are :mod:`assistant.knowledge_files`.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.documents import ReportMeta
from assistant.errors import AssistantError, InputError, KnowledgeIndexError
from assistant.files import LocalFileStorage
from assistant.knowledge_files import (
    MAX_NAME_CHARS,
    UPLOAD_SUFFIXES,
    USER_FOLDER,
    FileProblem,
    ReindexResult,
    ReportInfo,
    UploadFile,
    UploadResult,
    library_dir,
    library_root,
    owner_of,
    relocated,
    rename_in_message,
    sanitize_filename,
    unique_name,
    upload_stem,
)
from assistant.knowledge_steering import SteeredRetriever, load_choices  # re-exported (services.session)
from assistant.textio_caps import human_size

if TYPE_CHECKING:
    from assistant.index import KnowledgeIndex, SourceFile
    from assistant.settings import Settings
    from assistant.workspaces import Workspace

__all__ = ["MAX_NAME_CHARS", "UPLOAD_SUFFIXES", "USER_FOLDER", "FileProblem", "KnowledgeLibrary", "ProgressFn",
           "ReindexResult", "ReportInfo", "SteeredRetriever", "UploadFile", "UploadResult", "library_dir", "library_root", "load_choices",
           "sanitize_filename"]

log = logging.getLogger(__name__)

EMBED_BATCH = 16

#: ``progress(stage, done, total)``; stages: ``read`` (files), ``index`` (commit), ``embed`` (chunks).
ProgressFn = Callable[[str, int, int], None]


# --------------------------------------------------------------------------------------------
# the library


class KnowledgeLibrary:
    """Operations on the example library behind the Knowledge tab (and ``benchmarks/``).

    ``index`` is the app's :class:`~assistant.index.KnowledgeIndex`; every change goes through its
    atomic commits, so a search running at the same time sees the old or the new state.
    """

    def __init__(self, settings: Settings, index: KnowledgeIndex,
                 audit: Callable[[str, str, str, dict[str, Any]], None] | None = None) -> None:
        self.settings = settings
        self.index = index
        self.audit = audit  # SessionStore.audit: uploads and deletions are logged per user
        # the library's files (keys ``user/<name>.md``) under the files root: a shared directory
        # when several replicas run (REPORT_ASSISTANT_FILES_DIR); files 0600, folders 0700
        self.files = LocalFileStorage(library_root(settings))

    def _key(self, path: Path) -> str:
        """The storage key of a library file (its path under the library root)."""
        return path.resolve().relative_to(self.root.resolve()).as_posix()

    @property
    def root(self) -> Path:
        return library_root(self.settings)

    @property
    def folder(self) -> Path:
        return library_dir(self.settings)

    # ---- listing ---------------------------------------------------------------------------

    def list_reports(self, origin: str | None = None, *, workspace: Workspace | None = None) -> list[ReportInfo]:
        """Every indexed report (user uploads first, then shipped ones), with chunk counts and size;
        with ``workspace``, only those it may read (shipped, its own uploads, its teams')."""
        cat = self.index.catalog
        counts: dict[str, int] = {}
        chars: dict[str, int] = {}
        for c in cat.chunks:
            counts[c.report_id] = counts.get(c.report_id, 0) + 1
            chars[c.report_id] = chars.get(c.report_id, 0) + len(c.text)
        out: list[ReportInfo] = []
        for meta in cat.reports.values():
            if origin is not None and meta.origin != origin:
                continue
            if workspace is not None and not workspace.can_read(meta.report_id, meta.origin):
                continue
            out.append(self._info(meta, counts.get(meta.report_id, 0), chars.get(meta.report_id, 0)))
        out.sort(key=lambda r: (r.origin != "user", r.origin, -(r.year or 0), r.title))
        return out

    def _info(self, meta: ReportMeta, chunks: int, chars: int) -> ReportInfo:
        size: int | None = None
        if meta.path:
            with contextlib.suppress(OSError):
                size = Path(meta.path).stat().st_size
        return ReportInfo(
            report_id=meta.report_id, title=meta.title, issuer=meta.issuer, level=meta.level, year=meta.year,
            language=meta.language, origin=meta.origin, chars=chars, chunks=chunks, path=meta.path,
            file_bytes=size,
        )

    def _visible_meta(self, report_id: str, workspace: Workspace | None) -> ReportMeta:
        """The report's metadata; "no such report" also for one of another workspace (ids cannot be probed)."""
        meta = self.index.catalog.reports.get(report_id)
        if meta is None or (workspace is not None and not workspace.can_read(report_id, meta.origin)):
            raise InputError(f"No example report with id '{report_id}' is in the library.")
        return meta

    def get_report(self, report_id: str, *, workspace: Workspace | None = None) -> ReportInfo:
        self._visible_meta(report_id, workspace)
        for info in self.list_reports():
            if info.report_id == report_id:
                return info
        raise InputError(f"No example report with id '{report_id}' is in the library.")

    def open_report(self, report_id: str, *, workspace: Workspace | None = None) -> str:
        """The report's text as the importer cleaned it (front matter removed).

        Read from its file when it is there (a page holding several reports gives this report's
        part); otherwise rebuilt from the indexed chunks with their section headings.
        """
        meta = self._visible_meta(report_id, workspace)
        path = Path(meta.path) if meta.path else None
        if path is not None and path.is_file():
            from assistant import ingest

            loaded = ingest.load_report_files([path], max_bytes=self.settings.max_file_bytes)
            if loaded.reports:
                entry = self.index.files().get(str(path.resolve()))
                ids = list(entry["report_ids"]) if entry else []
                if report_id in ids and len(ids) == len(loaded.reports):
                    return loaded.reports[ids.index(report_id)].text.strip() + "\n"
                for rep in loaded.reports:
                    if rep.meta.title == meta.title:
                        return rep.text.strip() + "\n"
                if len(loaded.reports) == 1:
                    return loaded.reports[0].text.strip() + "\n"
        return self._text_from_chunks(report_id)

    def _text_from_chunks(self, report_id: str) -> str:
        parts: list[str] = []
        last_section = None
        chunks = sorted((c for c in self.index.catalog.chunks if c.report_id == report_id), key=lambda c: c.position)
        for c in chunks:
            if c.section and c.section != last_section:
                parts.append(c.section.split(" > ")[-1])
                last_section = c.section
            parts.append(c.text)
        return "\n\n".join(parts) + "\n"

    # ---- uploading -------------------------------------------------------------------------

    def add_files(
        self,
        files: Sequence[UploadFile | Path | str],
        *,
        progress: ProgressFn | None = None,
        embed: bool = True,
        workspace: Workspace | None = None,
        team: str | None = None,
    ) -> UploadResult:
        """Validate, convert, index and store uploaded example reports.

        Returns the reports added and a :class:`FileProblem` per file that was refused (unsupported
        type, over the size cap, undecodable, empty, binary …); refused files leave no trace.
        ``embed`` computes the new chunks' dense vectors before returning (else the background
        builder does it). The files go to ``workspace``'s library folder (``team``: that team
        library's folder for this uploader); None: the single-user library ``user/``.
        """
        from assistant.importer import import_files
        from assistant.index import load_sources

        t0 = time.perf_counter()
        uploads = [f if isinstance(f, UploadFile) else UploadFile(Path(f), Path(f).name) for f in files]
        result = UploadResult()
        if not uploads:
            return result
        scope = workspace.upload_folder(team) if workspace is not None else USER_FOLDER
        self.files.ensure_folder(f"{scope}/")
        token = uuid.uuid4().hex[:12]
        inbox = self.root / f".inbox-{token}"
        stage = self.root / f".staging-{token}"
        stage_user = stage / scope
        max_bytes = self.settings.max_file_bytes
        try:
            inbox.mkdir(parents=True)
            stage_user.mkdir(parents=True)
            written_by: dict[str, list[Path]] = {}  # upload display name → staged report files
            taken: set[str] = set()
            for n, up in enumerate(uploads):
                if progress:
                    progress("read", n, len(uploads))
                problem = self._precheck(up, max_bytes)
                if problem is not None:
                    result.errors.append(problem)
                    continue
                safe = unique_name(sanitize_filename(up.name or up.path.name), taken)
                taken.add(Path(safe).stem.lower())
                local = inbox / safe
                try:
                    shutil.copyfile(up.path, local)
                except OSError as exc:
                    result.errors.append(FileProblem(up.display, f"{up.display}: the upload cannot be read "
                                                                 f"({exc.strerror or 'I/O error'})."))
                    continue
                imported = import_files([local], stage_user, max_bytes=max_bytes)
                if imported.errors:
                    result.errors.extend(
                        FileProblem(up.display, rename_in_message(e.message, local.name, up.display))
                        for e in imported.errors
                    )
                    for p in imported.written:
                        p.unlink(missing_ok=True)
                    continue
                written_by[up.display] = list(imported.written)
            if progress:
                progress("read", len(uploads), len(uploads))
            if not written_by:
                return result

            sources, load_errors = load_sources([stage], origin="user", max_bytes=max_bytes)
            final_sources: list[SourceFile] = []
            staged_to_final: dict[str, Path] = {}
            failed_names: set[str] = set()
            for err in load_errors:
                name = owner_of(Path(err.path), written_by)
                failed_names.add(name)
                result.errors.append(FileProblem(name, err.message))
            for src in sources:
                foreign = [m.report_id for m in src.reports if m.report_id.rsplit("/", 1)[0] != scope]
                if foreign:  # a front-matter report_id naming another library: refused
                    name = owner_of(Path(src.path), written_by)
                    failed_names.add(name)
                    result.errors.append(FileProblem(name, f"{name}: its report_id '{foreign[0]}' names another "
                                                           "library; remove the report_id line."))
                final = (self.root / scope / Path(src.path).name).resolve()
                staged_to_final[src.path] = final
                final_sources.append(relocated(src, final))
            # a file is all or nothing: drop every part of an upload that had a failing part
            keep = [
                s for s, orig in zip(final_sources, sources, strict=True)
                if owner_of(Path(orig.path), written_by) not in failed_names
            ]
            if not keep:
                return result

            old_by_file = self.index.files()
            replaced_files = self._stale_files(keep, scope)
            if progress:
                progress("index", 0, 1)
            try:
                update = self.index.apply(keep, origin="user", mirror=False)
            except AssistantError:
                raise
            except Exception as exc:
                log.exception("committing uploads to the index failed")
                raise KnowledgeIndexError(
                    f"The uploaded examples could not be indexed ({type(exc).__name__}); nothing was added."
                ) from exc
            rejected = {e.path for e in update.errors}
            for err in update.errors:
                staged = next((s for s, f in staged_to_final.items() if str(f) == err.path), err.path)
                result.errors.append(FileProblem(owner_of(Path(staged), written_by), err.message))
            committed = [s for s in keep if s.path not in rejected]

            # the index names the final paths now: move the files there (atomic renames)
            moved: list[Path] = []
            try:
                for src in committed:
                    staged = next(s for s, f in staged_to_final.items() if str(f) == src.path)
                    self.files.put_file(self._key(Path(src.path)), Path(staged), move=True)
                    moved.append(Path(src.path))
            except OSError as exc:
                log.exception("moving uploads into the library failed")
                self.index.remove_reports([m.report_id for s in committed for m in s.reports])
                for p in moved:
                    self.files.delete(self._key(p))
                raise KnowledgeIndexError(
                    f"The uploaded examples could not be saved ({exc.strerror or 'I/O error'}); nothing was added."
                ) from exc
            self._drop_stale(replaced_files, old_by_file, result)
            for src in committed:
                if src.path in old_by_file:
                    result.replaced.extend(old_by_file[src.path]["report_ids"])
            if progress:
                progress("index", 1, 1)
            result.lexical_seconds = time.perf_counter() - t0
            new_ids = [m.report_id for s in committed for m in s.reports]
            infos = {i.report_id: i for i in self.list_reports(origin="user")}
            if self.audit is not None:
                self.audit(workspace.name if workspace is not None else "local", "upload", ",".join(new_ids),
                           {"files": sorted(written_by), "team": team or ""})
            result.added = [infos[r] for r in new_ids if r in infos]
            if embed and new_ids:
                try:
                    self.embed_reports(new_ids, progress=progress)
                    result.dense_seconds = time.perf_counter() - t0
                except AssistantError as exc:
                    result.warnings.append(str(exc))
                except Exception as exc:
                    log.exception("embedding the uploads failed")
                    result.warnings.append(
                        f"Semantic search of the new examples is not ready ({type(exc).__name__}); "
                        "keyword search works and the semantic index will catch up."
                    )
            return result
        finally:
            shutil.rmtree(inbox, ignore_errors=True)
            shutil.rmtree(stage, ignore_errors=True)

    def _precheck(self, up: UploadFile, max_bytes: int) -> FileProblem | None:
        """Cheap checks before copying: type and size (the importer repeats every check)."""
        name = up.display
        suffix = Path(up.name or up.path.name).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            hint = "; save it as .docx" if suffix == ".doc" else ""
            return FileProblem(name, f"{name}: unsupported file type{hint}; use .txt, .md, .docx or .html.")
        try:
            size = up.path.stat().st_size
        except OSError:
            return FileProblem(name, f"{name}: file not found.")
        if size > max_bytes:
            return FileProblem(name, f"{name}: the file is {human_size(size)}, over the limit of "
                                     f"{human_size(max_bytes)}.")
        if size == 0:
            return FileProblem(name, f"{name}: the file is empty.")
        return None

    def _stale_files(self, keep: Sequence[SourceFile], scope: str = USER_FOLDER) -> list[Path]:
        """Files of an earlier upload with the same name that the new one does not overwrite
        (e.g. ``x_p03.md`` when ``x`` had three parts and now has two)."""
        new_finals = {Path(s.path) for s in keep}
        stems = {upload_stem(p.name) for p in new_finals}
        stale: list[Path] = []
        for key in self.files.list(f"{scope}/"):
            if key.rsplit("/", 1)[0] != scope or not key.endswith(".md"):
                continue
            p = (self.root / key).resolve()
            if p in new_finals:
                continue
            if upload_stem(p.name) in stems:
                stale.append(p.resolve())
        return stale

    def _drop_stale(self, stale: Sequence[Path], old_by_file: dict[str, Any], result: UploadResult) -> None:
        if not stale:
            return
        ids = [rid for p in stale for rid in old_by_file.get(str(p), {}).get("report_ids", [])]
        if ids:
            self.index.remove_reports(ids)
            result.replaced.extend(ids)
        for p in stale:
            self.files.delete(self._key(p))

    # ---- dense vectors of new chunks ---------------------------------------------------------

    def embed_reports(self, report_ids: Iterable[str], *, progress: ProgressFn | None = None) -> int:
        """Embed the chunks of these reports that have no vector yet (before the background
        builder gets to them); returns the number embedded."""
        # the index's own helpers, so vectors are computed and labelled exactly as its builder does
        from assistant.index_catalog import chroma_meta, passage_text

        wanted = set(report_ids)
        index = self.index
        cat = index.catalog
        embedded = index.embedded_ids()
        todo = [i for i, c in enumerate(cat.chunks) if c.report_id in wanted and cat.vids[i] not in embedded]
        total = len(todo)
        if progress:
            progress("embed", 0, total)
        if not todo:
            return 0
        col = index.collection()
        done = 0
        for start in range(0, total, EMBED_BATCH):
            idx = todo[start : start + EMBED_BATCH]
            hashes = [cat.hashes[i] for i in idx]
            vectors = index.cache.get_many(index.fingerprint, hashes)
            missing = [i for i in idx if cat.hashes[i] not in vectors]
            if missing:
                new = index.embeddings.embed_documents([passage_text(cat.chunks[i]) for i in missing])
                pairs = [(cat.hashes[i], v) for i, v in zip(missing, new, strict=True)]
                index.cache.put_many(index.fingerprint, pairs)
                vectors.update(dict(pairs))
            col.upsert(
                ids=[cat.vids[i] for i in idx],
                embeddings=[list(vectors[cat.hashes[i]]) for i in idx],
                metadatas=[chroma_meta(cat.chunks[i], cat.origins[i]) for i in idx],
            )
            # the index's own set (re-read: it is made lazily) under its lock, as its builder does
            with getattr(index, "_ids_lock", None) or contextlib.nullcontext():
                index.embedded_ids().update(cat.vids[i] for i in idx)
            done += len(idx)
            if progress:
                progress("embed", done, total)
        return done

    # ---- deleting ----------------------------------------------------------------------------

    def delete_report(self, report_id: str, *, workspace: Workspace | None = None) -> int:
        """Delete a user's report from disk and from both indexes; returns the chunks removed.

        Shipped examples cannot be deleted here (exclude them from a draft instead). With
        ``workspace``: only its own uploads, or a team example it uploaded (or, as an admin, any of
        its teams'); another workspace's report is "not in the library".
        """
        meta = self._visible_meta(report_id, workspace)
        if workspace is not None and meta.origin != "shipped" and not workspace.can_delete(report_id, meta.origin):
            raise InputError(f"'{meta.title}' was uploaded to the team library by another member; only they "
                             "or an admin can delete it.")
        if meta.origin != "user":
            raise InputError(
                f"'{meta.title}' is one of the shipped examples and cannot be deleted; exclude it from "
                "the draft instead."
            )
        removed = self.index.remove_reports([report_id])
        if meta.path:
            path = Path(meta.path)
            try:
                inside = path.resolve().is_relative_to(self.root.resolve())
            except OSError:
                inside = False
            still_used = str(path.resolve()) in self.index.files()
            if inside and not still_used and path.suffix == ".md":
                self.files.delete(self._key(path))
        if self.audit is not None:
            self.audit(workspace.name if workspace is not None else "local", "delete_example", report_id,
                       {"title": meta.title, "chunks": removed})
        log.info("deleted example %s (%d chunks)", report_id, removed)
        return removed

    # ---- re-indexing -------------------------------------------------------------------------

    def reindex(self, *, progress: ProgressFn | None = None, dense: bool = True,
                shipped: bool = True) -> ReindexResult:
        """Re-read the shipped knowledge folders and the user's library (unchanged files are
        skipped by content hash; removed files leave the index), then embed what lacks a vector."""
        t0 = time.perf_counter()
        out = ReindexResult()
        jobs: list[tuple[list[Path], str]] = []
        if shipped:
            dirs = [d for d in self.settings.knowledge_dirs if d.exists()]
            if dirs:
                jobs.append((dirs, "shipped"))
        self.files.ensure_folder(f"{USER_FOLDER}/")
        jobs.append(([self.root], "user"))
        for n, (paths, origin) in enumerate(jobs):
            if progress:
                progress("index", n, len(jobs))
            update = self.index.update(paths, origin=origin, mirror=True)
            out.update.append(update)
            out.errors.extend(FileProblem(Path(e.path).name, e.message) for e in update.errors)
        if progress:
            progress("index", len(jobs), len(jobs))
        if dense:
            def dense_progress(done: int, total: int) -> None:
                if progress:
                    progress("embed", done, total)

            status = self.index.build_dense(dense_progress)
            out.embedded = status.done
        out.reports = len(self.index.catalog.reports)
        out.chunks = len(self.index.catalog)
        out.seconds = time.perf_counter() - t0
        return out


