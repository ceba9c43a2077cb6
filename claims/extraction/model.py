"""The learned check-worthiness model, scored in plain Python from its exported weights.

A logistic regression over three blocks of inputs, trained by
scripts/train_checkworthiness.py on the CLEF CheckThat! 2024 Task 1 sentences
(ClaimBuster, Arslan et al., 2020):

- word 1-2-grams, TF-IDF (sublinear tf, l2-normalised within the block);
- character 2-5-grams inside word boundaries, TF-IDF likewise;
- the named features of features.py (0 or 1 each), so that each one's weight is learnt
  and a checker still reads how much each fired feature added.

score = logistic(intercept + words + characters + sum of the fired features' weights)

The words and characters part is reported as one contribution, "model". The weights ship
as claims/data/checkworthiness.json.gz (vocabulary, idf and weight per n-gram), read once
on first use; nothing is unpickled and nothing is downloaded. The vectorising below follows
scikit-learn's TfidfVectorizer (default token pattern, "char_wb" analyser) term for term,
and a test checks the exported model reproduces the trained one's dev figures.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

MODEL_FILE = "checkworthiness.json.gz"
FORMAT = 1

# scikit-learn's default token_pattern, r"(?u)\b\w\w+\b".
_WORD = re.compile(r"\b\w\w+\b")
_WHITESPACE = re.compile(r"\s\s+")


@dataclass(frozen=True)
class _Block:
    """One TF-IDF block: n-gram -> (idf, weight)."""

    analyser: str  # "word" or "char_wb"
    low: int
    high: int
    terms: dict[str, tuple[float, float]]

    def contribution(self, text: str) -> float:
        counts: dict[str, int] = {}
        for gram in self._grams(text.lower()):
            if gram in self.terms:
                counts[gram] = counts.get(gram, 0) + 1
        total = 0.0
        norm = 0.0
        for gram, count in counts.items():
            idf, weight = self.terms[gram]
            value = (1.0 + math.log(count)) * idf
            norm += value * value
            total += value * weight
        return total / math.sqrt(norm) if norm else 0.0

    def _grams(self, text: str) -> Iterator[str]:
        if self.analyser == "word":
            tokens = _WORD.findall(text)
            for n in range(self.low, self.high + 1):
                for k in range(len(tokens) - n + 1):
                    yield " ".join(tokens[k : k + n])
            return
        for word in _WHITESPACE.sub(" ", text).split():
            padded = f" {word} "
            size = len(padded)
            for n in range(self.low, self.high + 1):
                if n >= size:
                    # A word no longer than n counts once, whole (as scikit-learn does).
                    yield padded
                    break
                for k in range(size - n + 1):
                    yield padded[k : k + n]


@dataclass(frozen=True)
class CheckworthinessModel:
    intercept: float
    threshold: float  # chosen on dev.tsv and the tuning gold articles
    blocks: tuple[_Block, ...]
    feature_weights: dict[str, float]

    def text_contribution(self, text: str) -> float:
        """What the sentence's words and characters add to the log-odds."""
        return sum(block.contribution(text) for block in self.blocks)


@cache
def load_model() -> CheckworthinessModel:
    """The shipped model, read on first use."""
    raw = resources.files("claims.data").joinpath(MODEL_FILE).read_bytes()
    return model_from_json(json.loads(gzip.decompress(raw)))


def model_from_json(data: dict[str, object]) -> CheckworthinessModel:
    if data.get("format") != FORMAT:
        msg = f"check-worthiness model format {data.get('format')!r}, expected {FORMAT}"
        raise ValueError(msg)
    blocks = []
    for block in data["blocks"]:  # type: ignore[attr-defined]
        terms = dict(
            zip(
                block["terms"],
                zip(block["idf"], block["weight"], strict=True),
                strict=True,
            )
        )
        low, high = block["ngram_range"]
        blocks.append(_Block(block["analyser"], low, high, terms))
    return CheckworthinessModel(
        intercept=float(data["intercept"]),  # type: ignore[arg-type]
        threshold=float(data["threshold"]),  # type: ignore[arg-type]
        blocks=tuple(blocks),
        feature_weights={k: float(v) for k, v in data["features"].items()},  # type: ignore[attr-defined]
    )
