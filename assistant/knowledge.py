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

Steering: :class:`ExampleChoices` holds what the user pinned or excluded for a session (a passage
for one section or the whole draft, a whole report excluded, a *house-style* report pinned for the
whole session). They are stored with :meth:`SessionStore.pin_example`. :func:`steered_search`
applies them on top of :meth:`Retriever.search`, preferring the user's own examples.
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from assistant.documents import Chunk, Hit, ReportMeta
from assistant.errors import AssistantError, InputError, KnowledgeIndexError
from assistant.files import LocalFileStorage

if TYPE_CHECKING:
    from assistant.index import KnowledgeIndex, SourceFile, UpdateResult
    from assistant.settings import Settings
    from assistant.workspaces import Workspace

log = logging.getLogger(__name__)

USER_FOLDER = "user"
UPLOAD_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".docx", ".html", ".htm"})
MAX_NAME_CHARS = 80
EMBED_BATCH = 16

#: ``progress(stage, done, total)``; stages: ``read`` (files), ``index`` (commit), ``embed`` (chunks).
ProgressFn = Callable[[str, int, int], None]

ChoiceKind = Literal["pin", "exclude", "house"]
WHOLE_DRAFT = "*"


# --------------------------------------------------------------------------------------------
# paths and names


def library_root(settings: Settings) -> Path:
    """The folder the user's examples are indexed from (report ids are relative to it)."""
    return settings.uploads_dir / "knowledge"


def library_dir(settings: Settings) -> Path:
    """The folder holding the user's example files (one front-matter ``.md`` per report)."""
    return library_root(settings) / USER_FOLDER


_UNSAFE_RE = re.compile(r"[^\w\-.()（）【】《》·]+", re.UNICODE)


def sanitize_filename(name: str, *, default: str = "report") -> str:
    """A safe file name from an uploaded name: no folders, no control or shell characters, NFC,
    no leading dots, the stem at most :data:`MAX_NAME_CHARS` characters, the suffix lower-cased.

    >>> sanitize_filename("../../etc/passwd")
    'passwd'
    >>> sanitize_filename("2024年 工作总结?.DOCX")
    '2024年_工作总结.docx'
    """
    base = unicodedata.normalize("NFC", str(name)).replace("\\", "/").split("/")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = re.sub(r"[^A-Za-z0-9]", "", suffix).lower()[:10]
    stem = _UNSAFE_RE.sub("_", stem).strip("._ -")
    stem = re.sub(r"_{2,}", "_", stem)[:MAX_NAME_CHARS].strip("._ -") or default
    return f"{stem}.{suffix}" if suffix else stem


def _human_size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


# --------------------------------------------------------------------------------------------
# value types


@dataclass(frozen=True)
class UploadFile:
    """An uploaded file: where it lies now and the name the user gave it."""

    path: Path
    name: str = ""

    @property
    def display(self) -> str:
        from assistant.textio import display_name

        return display_name(self.name or self.path.name)


@dataclass(frozen=True)
class FileProblem:
    """Why one uploaded file was not added (the message names the file and is safe to show)."""

    name: str
    message: str


@dataclass(frozen=True)
class ReportInfo:
    """One report of the library as the Knowledge tab lists it."""

    report_id: str
    title: str
    issuer: str
    level: str
    year: int | None
    language: str
    origin: str  # shipped / user
    chars: int
    chunks: int
    path: str
    file_bytes: int | None = None

    @property
    def deletable(self) -> bool:
        return self.origin == "user"


@dataclass
class UploadResult:
    added: list[ReportInfo] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # report ids that an upload replaced
    errors: list[FileProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    lexical_seconds: float = 0.0  # upload start → searchable lexically
    dense_seconds: float | None = None  # upload start → searchable densely (None: not embedded)

    @property
    def ok(self) -> bool:
        return bool(self.added) and not self.errors


@dataclass
class ReindexResult:
    update: list[UpdateResult] = field(default_factory=list)
    reports: int = 0
    chunks: int = 0
    embedded: int = 0
    errors: list[FileProblem] = field(default_factory=list)
    seconds: float = 0.0


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
                safe = _unique(sanitize_filename(up.name or up.path.name), taken)
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
                        FileProblem(up.display, _rename_in_message(e.message, local.name, up.display))
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
                name = _owner(Path(err.path), written_by)
                failed_names.add(name)
                result.errors.append(FileProblem(name, err.message))
            for src in sources:
                foreign = [m.report_id for m in src.reports if m.report_id.rsplit("/", 1)[0] != scope]
                if foreign:  # a front-matter report_id naming another library: refused
                    name = _owner(Path(src.path), written_by)
                    failed_names.add(name)
                    result.errors.append(FileProblem(name, f"{name}: its report_id '{foreign[0]}' names another "
                                                           "library; remove the report_id line."))
                final = (self.root / scope / Path(src.path).name).resolve()
                staged_to_final[src.path] = final
                final_sources.append(_relocated(src, final))
            # a file is all or nothing: drop every part of an upload that had a failing part
            keep = [
                s for s, orig in zip(final_sources, sources, strict=True)
                if _owner(Path(orig.path), written_by) not in failed_names
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
                result.errors.append(FileProblem(_owner(Path(staged), written_by), err.message))
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
            return FileProblem(name, f"{name}: the file is {_human_size(size)}, over the limit of "
                                     f"{_human_size(max_bytes)}.")
        if size == 0:
            return FileProblem(name, f"{name}: the file is empty.")
        return None

    def _stale_files(self, keep: Sequence[SourceFile], scope: str = USER_FOLDER) -> list[Path]:
        """Files of an earlier upload with the same name that the new one does not overwrite
        (e.g. ``x_p03.md`` when ``x`` had three parts and now has two)."""
        new_finals = {Path(s.path) for s in keep}
        stems = {_upload_stem(p.name) for p in new_finals}
        stale: list[Path] = []
        for key in self.files.list(f"{scope}/"):
            if key.rsplit("/", 1)[0] != scope or not key.endswith(".md"):
                continue
            p = (self.root / key).resolve()
            if p in new_finals:
                continue
            if _upload_stem(p.name) in stems:
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


def _unique(name: str, taken: set[str]) -> str:
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    candidate, n = stem, 2
    while candidate.lower() in taken:
        candidate = f"{stem}-{n}"
        n += 1
    return f"{candidate}.{suffix}" if suffix else candidate


_PART_RE = re.compile(r"_p\d{2}$")


def _upload_stem(filename: str) -> str:
    return _PART_RE.sub("", Path(filename).stem).lower()


def _owner(path: Path, written_by: dict[str, list[Path]]) -> str:
    for name, paths in written_by.items():
        if any(p.name == path.name for p in paths):
            return name
    return path.name


def _rename_in_message(message: str, local: str, shown: str) -> str:
    """Put the name the user gave in place of the staging path the importer's message names."""
    marker = f"{local}: "
    at = message.find(marker)
    if at >= 0:
        return f"{shown}: {message[at + len(marker):]}"
    return message.replace(local, shown)


def _relocated(src: SourceFile, final: Path) -> SourceFile:
    metas = tuple(replace(m, path=str(final)) for m in src.reports)
    return replace(src, path=str(final), reports=metas)


# --------------------------------------------------------------------------------------------
# pins, excludes, house style


@dataclass(frozen=True)
class ExampleChoice:
    """One steering choice: pin a passage, exclude a passage or a report, or pin a house-style
    report for the whole session. ``scope`` is a draft section id, or ``"*"`` for the whole draft."""

    kind: ChoiceKind
    report_id: str
    chunk_id: str = ""  # empty: the whole report
    scope: str = WHOLE_DRAFT
    title: str = ""
    section: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}|{self.scope}|{self.chunk_id or self.report_id}"

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "report_id": self.report_id, "chunk_id": self.chunk_id, "scope": self.scope,
                "title": self.title, "section": self.section}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ExampleChoice | None:
        kind = data.get("kind")
        if kind not in ("pin", "exclude", "house") or not data.get("report_id"):
            return None
        return cls(kind=kind, report_id=str(data["report_id"]), chunk_id=str(data.get("chunk_id") or ""),
                   scope=str(data.get("scope") or WHOLE_DRAFT), title=str(data.get("title") or ""),
                   section=str(data.get("section") or ""))


def _in_scope(scope: str, section: str | None) -> bool:
    """Whether a choice scoped to ``scope`` applies to draft section ``section``: the whole draft, the
    section itself, or a part containing it (a pin on ``s1`` applies to ``s1.2``)."""
    if scope == WHOLE_DRAFT:
        return True
    return section is not None and (section == scope or section.startswith(scope + "."))


@dataclass(frozen=True)
class ExampleChoices:
    """All steering choices of a session."""

    items: tuple[ExampleChoice, ...] = ()

    def _applies(self, c: ExampleChoice, section: str | None) -> bool:
        return section is None or _in_scope(c.scope, section)

    def pinned_chunks(self, section: str | None = None) -> list[ExampleChoice]:
        """Pinned passages for ``section`` (its own first); ``None``: every pin of the session."""
        pins = [c for c in self.items if c.kind == "pin" and c.chunk_id and self._applies(c, section)]
        return sorted(pins, key=lambda c: c.scope == WHOLE_DRAFT)

    def house_reports(self) -> list[str]:
        return [c.report_id for c in self.items if c.kind == "house"]

    def excluded_reports(self, section: str | None = None) -> set[str]:
        return {c.report_id for c in self.items if c.kind == "exclude" and not c.chunk_id
                and _in_scope(c.scope, section)}

    def excluded_chunks(self, section: str | None = None) -> set[str]:
        return {c.chunk_id for c in self.items if c.kind == "exclude" and c.chunk_id
                and _in_scope(c.scope, section)}

    def with_choice(self, choice: ExampleChoice) -> ExampleChoices:
        """Add ``choice``; a pin replaces an exclude of the same target and the other way round."""
        target = choice.chunk_id or choice.report_id
        kept = tuple(
            c for c in self.items
            if not ((c.chunk_id or c.report_id) == target and c.scope == choice.scope)
        )
        return ExampleChoices((*kept, choice))

    def without(self, key: str) -> ExampleChoices:
        return ExampleChoices(tuple(c for c in self.items if c.key != key))


_STORE_PREFIX = "choice:"


def load_choices(store: Any, session_id: str) -> ExampleChoices:
    """The session's choices from :meth:`SessionStore.list_pins` (entries written by :func:`save_choices`)."""
    if store is None or not session_id:
        return ExampleChoices()
    items: list[ExampleChoice] = []
    for example_id, data in store.list_pins(session_id):
        if not str(example_id).startswith(_STORE_PREFIX) or not isinstance(data, dict):
            continue
        choice = ExampleChoice.from_json(data)
        if choice is not None:
            items.append(choice)
    return ExampleChoices(tuple(items))


def save_choices(store: Any, session_id: str, choices: ExampleChoices) -> None:
    """Make the stored choices of a session equal to ``choices``."""
    current = {c.key for c in load_choices(store, session_id).items}
    wanted = {c.key: c for c in choices.items}
    for key in current - set(wanted):
        store.unpin_example(session_id, _STORE_PREFIX + key)
    for key, choice in wanted.items():
        if key not in current:
            store.pin_example(session_id, _STORE_PREFIX + key, choice.as_json())


def add_choice(store: Any, session_id: str, choice: ExampleChoice) -> ExampleChoices:
    choices = load_choices(store, session_id).with_choice(choice)
    save_choices(store, session_id, choices)
    return choices


def remove_choice(store: Any, session_id: str, key: str) -> ExampleChoices:
    choices = load_choices(store, session_id).without(key)
    save_choices(store, session_id, choices)
    return choices


# --------------------------------------------------------------------------------------------
# steered retrieval


def _mark(hit: Hit, **extra: str | int | float) -> Hit:
    return replace(hit, chunk=replace(hit.chunk, extra={**hit.chunk.extra, **extra}))


def steered_search(
    retriever: Any,
    query: str,
    k: int | None = None,
    *,
    choices: ExampleChoices | None = None,
    section: str | None = None,
    language: str | None = None,
    prefer_user: bool = True,
    workspace: Workspace | None = None,
) -> list[Hit]:
    """``retriever.search`` with the session's choices applied, within ``workspace`` (None: all).

    Pinned passages come first (those pinned for ``section``, then for the whole draft), then the
    best passage of each house-style report, then the search results minus excluded passages and
    reports; the user's own examples are preferred (``prefer_origin="user"``). Pins are always
    kept even when they exceed ``k``. Every hit carries ``extra["origin"]`` and, when pinned,
    ``extra["pinned"]`` (``"section"``, ``"draft"`` or ``"house"``).
    """
    choices = choices or ExampleChoices()
    k = k or int(getattr(getattr(retriever, "settings", None), "top_k", 5) or 5)
    cat = getattr(getattr(retriever, "index", None), "catalog", None)
    if cat is None:  # not a knowledge-index retriever (a test double): plain search
        return list(retriever.search(query, k, language=language))
    by_chunk = {c.chunk_id: i for i, c in enumerate(cat.chunks)}
    scoped: dict[str, Any] = {} if workspace is None else {"workspace": workspace}

    def readable(pos: int) -> bool:  # a stored pin naming another workspace's example is ignored
        return workspace is None or workspace.can_read(cat.chunks[pos].report_id, cat.origins[pos])

    excl_reports = choices.excluded_reports(section)
    excl_chunks = choices.excluded_chunks(section)
    pin_choices = choices.pinned_chunks(section)

    front: list[Hit] = []
    seen: set[str] = set()
    base = retriever.search(
        query, k + len(excl_chunks) + len(pin_choices), language=language,
        exclude_report_ids=sorted(excl_reports) or None, prefer_origin="user" if prefer_user else None, **scoped,
    ) if query.strip() else []
    scores = {h.chunk.chunk_id: h.score for h in base}
    top = max((h.score for h in base), default=0.0)

    for pin in pin_choices:
        pos = by_chunk.get(pin.chunk_id)
        if pos is None or pin.chunk_id in seen or pin.chunk_id in excl_chunks or not readable(pos):
            continue
        chunk = cat.chunks[pos]
        chunk = replace(chunk, extra={**chunk.extra, "origin": cat.origins[pos]})
        label = "draft" if pin.scope == WHOLE_DRAFT else "section"
        front.append(_mark(Hit(chunk=chunk, score=scores.get(pin.chunk_id, top)), pinned=label))
        seen.add(pin.chunk_id)

    for rid in choices.house_reports():
        if rid in excl_reports or rid not in cat.reports:
            continue
        if workspace is not None and not workspace.can_read(rid, cat.reports[rid].origin):
            continue
        found = retriever.search(query, 3, report_ids=[rid], **scoped) if query.strip() else []
        found = [h for h in found if h.chunk.chunk_id not in seen and h.chunk.chunk_id not in excl_chunks]
        if found:
            front.append(_mark(found[0], pinned="house"))
            seen.add(found[0].chunk.chunk_id)
            continue
        first = next((i for i, c in enumerate(cat.chunks) if c.report_id == rid and c.chunk_id not in seen), None)
        if first is not None:
            chunk = cat.chunks[first]
            chunk = replace(chunk, extra={**chunk.extra, "origin": cat.origins[first]})
            front.append(_mark(Hit(chunk=chunk, score=0.0), pinned="house"))
            seen.add(chunk.chunk_id)

    rest = [h for h in base if h.chunk.chunk_id not in seen and h.chunk.chunk_id not in excl_chunks]
    return front + rest[: max(0, k - len(front))]


class SteeredRetriever:
    """A drop-in for :class:`~assistant.retrieve.Retriever` (same ``search`` signature) that applies
    one session's choices; pass it wherever a retriever is expected (e.g. ``draft.retrieve_examples``)."""

    def __init__(self, retriever: Any, choices: ExampleChoices, *, prefer_user: bool = True,
                 workspace: Workspace | None = None) -> None:
        self.workspace = workspace
        self.base = retriever
        self.index = getattr(retriever, "index", None)
        self.settings = getattr(retriever, "settings", None)
        self.choices = choices
        self.prefer_user = prefer_user

    def search(self, query: str, k: int | None = None, *, language: str | None = None,
               section: str | None = None, **kwargs: Any) -> list[Hit]:
        if kwargs.get("report_ids") is not None:  # an explicit restriction bypasses the steering
            if self.workspace is not None:
                kwargs["workspace"] = self.workspace
            return list(self.base.search(query, k, language=language, **kwargs))
        return steered_search(self.base, query, k, choices=self.choices, section=section, language=language,
                              prefer_user=self.prefer_user, workspace=self.workspace)

    def for_sections(self, k: int | None = None) -> Callable[..., list[Hit]]:
        """A ``draft_report(retrieve=...)`` callable: each section's query searched with the choices
        that apply to that section (its own pins and excludes, its part's, the whole draft's)."""

        def retrieve(query: str, language: str, section: str = "") -> list[Hit]:
            return self.search(query, k, language=language, section=section or None)

        return retrieve


def session_search(
    retriever: Any,
    store: Any,
    session_id: str,
    query: str,
    k: int | None = None,
    *,
    language: str | None = None,
    section: str | None = None,
    prefer_user: bool = True,
    workspace: Workspace | None = None,
) -> list[Hit]:
    """What the UI calls to retrieve a session's examples: its stored choices applied."""
    return steered_search(retriever, query, k, choices=load_choices(store, session_id), section=section,
                          language=language, prefer_user=prefer_user, workspace=workspace)


def hit_origin(hit: Hit) -> str:
    return str(hit.chunk.extra.get("origin", "shipped"))


def chunk_by_id(index: KnowledgeIndex, chunk_id: str) -> Chunk | None:
    for c in index.catalog.chunks:
        if c.chunk_id == chunk_id:
            return c
    return None
