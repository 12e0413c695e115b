"""Lexical side of retrieval: tokenization (jieba search mode + English words) and a small BM25.

BM25 is written out here (Okapi BM25, k1=1.5, b=0.75, Lucene's non-negative idf): it is a few dozen
lines, exact, and vectorised with numpy postings, so a query over a few thousand chunks takes
about a millisecond.

Tokens: Chinese runs go through ``jieba.lcut_for_search`` (words plus their sub-words, which helps
notes that abbreviate); Latin words and numbers are lowercased word tokens. Punctuation and
whitespace are dropped. jieba is initialised quietly with its dictionary cache in a folder we
choose (the data dir), not in /tmp.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.lang import CJK_CHARS
from assistant.textnorm import fold_width

log = logging.getLogger(__name__)

_CJK = CJK_CHARS
_SEGMENT = re.compile(f"([{_CJK}]+)|([A-Za-z]+(?:'[A-Za-z]+)?|\\d+(?:\\.\\d+)?)")


_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")
# leading blanks taken only from the start of a run of blanks: linear on a long run of blanks
_SCALE_AFTER = re.compile(r"(?:(?<!\s)\s*+|(?<=\s))(million|billion|万|亿)", re.I)
_FIGURE = re.compile(r"\d+(?:\.\d+)?")
# a figure followed by a scale word is also emitted in the other language's scale, so that figures
# match across languages: 3.1 billion <-> 31亿, 22 million <-> 2200万, 4.2亿 <-> 420 million
_SCALES: dict[str, tuple[float, ...]] = {
    "million": (100.0, 0.01),  # -> 万, 亿
    "billion": (10.0, 100000.0),  # -> 亿, 万
    "万": (0.01, 0.00001),  # -> million, billion
    "亿": (100.0, 0.1),  # -> million, billion
}


def _fmt(x: float) -> str:
    return f"{x:.6f}".rstrip("0").rstrip(".")


def is_figure(token: str) -> bool:
    """A number worth matching across languages: at least 10, or with decimals."""
    return bool(_FIGURE.fullmatch(token)) and ("." in token or int(token) >= 10)


class Tokenizer:
    """Thread-safe, lazily initialised jieba search-mode tokenizer with its cache in ``cache_dir``."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.cache_dir = cache_dir
        self._jieba: Any = None
        self._lock = threading.Lock()

    def _tokenizer(self) -> Any:
        if self._jieba is None:
            with self._lock:
                if self._jieba is None:
                    import jieba

                    jieba.setLogLevel(logging.WARNING)
                    tok = jieba.Tokenizer()
                    if self.cache_dir is not None:
                        self.cache_dir.mkdir(parents=True, exist_ok=True)
                        tok.tmp_dir = str(self.cache_dir)
                    tok.initialize()
                    self._jieba = tok
        return self._jieba

    def tokenize(self, text: str) -> list[str]:
        """Lowercased tokens of ``text``: jieba search-mode words for CJK, words/numbers otherwise."""
        text = _THOUSANDS.sub("", fold_width(text))
        out: list[str] = []
        for m in _SEGMENT.finditer(text):
            cjk, other = m.group(1), m.group(2)
            if cjk:
                out.extend(self._tokenizer().lcut_for_search(cjk))
                continue
            out.append(other.lower())
            if other[0].isdigit():
                scale = _SCALE_AFTER.match(text, m.end())
                if scale:
                    value = float(other)
                    out.extend(_fmt(value * f) for f in _SCALES[scale.group(1).lower()])
        return out


@dataclass(frozen=True)
class LexicalMatch:
    doc: int
    score: float


class BM25:
    """Okapi BM25 over pre-tokenized documents, with numpy postings."""

    def __init__(self, docs: Sequence[Sequence[str]], *, k1: float = 1.5, b: float = 0.75) -> None:
        import numpy as np

        self.k1 = k1
        self.b = b
        self.n_docs = len(docs)
        lengths = np.array([len(d) for d in docs], dtype=np.float32)
        self.avgdl = float(lengths.mean()) if self.n_docs else 0.0
        postings: dict[str, dict[int, int]] = {}
        for i, doc in enumerate(docs):
            for tok in doc:
                bucket = postings.setdefault(tok, {})
                bucket[i] = bucket.get(i, 0) + 1
        norm = k1 * (1.0 - b + b * lengths / self.avgdl) if self.n_docs else lengths
        self._postings: dict[str, tuple[Any, Any]] = {}
        self.idf: dict[str, float] = {}
        for tok, bucket in postings.items():
            idx = np.fromiter(bucket.keys(), dtype=np.int64, count=len(bucket))
            tf = np.fromiter(bucket.values(), dtype=np.float32, count=len(bucket))
            df = len(bucket)
            idf = math.log(1.0 + (self.n_docs - df + 0.5) / (df + 0.5))
            self.idf[tok] = idf
            # precomputed per-posting weight: idf * tf*(k1+1) / (tf + k1*(1-b+b*dl/avgdl))
            self._postings[tok] = (idx, (idf * tf * (k1 + 1.0) / (tf + norm[idx])).astype(np.float32))

    def scores(self, query_tokens: Iterable[str]) -> Any:
        """BM25 score of every document (numpy array); repeated query tokens count once."""
        import numpy as np

        scores = np.zeros(self.n_docs, dtype=np.float32)
        for tok in set(query_tokens):
            post = self._postings.get(tok)
            if post is not None:
                idx, weight = post
                scores[idx] += weight
        return scores

    def top(self, query_tokens: Sequence[str], n: int, mask: Any = None) -> list[LexicalMatch]:
        """The ``n`` best documents with a positive score (``mask``: optional boolean filter)."""
        import numpy as np

        if self.n_docs == 0 or n <= 0:
            return []
        scores = self.scores(query_tokens)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        positive = int((scores > 0).sum())
        if positive == 0:
            return []
        n = min(n, positive)
        idx = np.argpartition(-scores, n - 1)[:n]
        idx = idx[np.argsort(-scores[idx], kind="stable")]
        return [LexicalMatch(int(i), float(scores[i])) for i in idx]

    def coverage(self, query_tokens: Iterable[str]) -> Any:
        """Per document, the share of the query's idf mass that it contains (0..1).

        Query tokens absent from the corpus count with the highest possible idf, so a query whose
        distinctive words appear nowhere covers little even if its common words match.
        """
        import numpy as np

        cov = np.zeros(self.n_docs, dtype=np.float32)
        max_idf = math.log(1.0 + (self.n_docs + 0.5) / 0.5)
        mass = 0.0
        for tok in set(query_tokens):
            mass += self.idf.get(tok, max_idf)
            post = self._postings.get(tok)
            if post is not None:
                cov[post[0]] += self.idf[tok]
        return cov / mass if mass > 0 else cov
