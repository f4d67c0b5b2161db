"""The kind of a release no rule could name, learned from the annotated sets.

The parser reads a release's kind from its type line, and without one infers it from what the
text says ("The following is attributable to …", speaker labels, a title naming a kind, an
opening sentence reporting a meeting). Where no rule names the kind, a statement was the
default; on pages no rule had been written for, that default was right about one time in five.
There this model decides instead: a logistic regression over the words of the title and of the
first two paragraphs (their first 300 characters each), trained on every annotated release of
``tests/fixtures`` (English, French and Spanish).

The model is data, built by ``uv run python -m services.ingestion.data.build_kind_model`` and
committed as ``data/kind_model.json``; scoring it here needs no library beyond the standard
one, and nothing is downloaded. The features are those of scikit-learn's
``TfidfVectorizer(sublinear_tf=True)`` (lower-cased words of two characters or more; a word's
weight ``(1 + ln count) * idf``, the vector scaled to unit length); a release's score for a
kind is ``intercept + weights · features``, and the probabilities their softmax.
"""

from __future__ import annotations

import contextlib
import functools
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Final

import msgspec

__all__ = ["KindModel", "load", "model_text", "predict", "scores", "using"]

MODEL_PATH: Final = Path(__file__).parent / "data" / "kind_model.json"
# What the model reads of a release: the title and the first two paragraphs' openings.
PARAGRAPHS: Final = 2
PARAGRAPH_CHARS: Final = 300
# scikit-learn's default token pattern: words of two characters or more.
_TOKEN: Final = re.compile(r"(?u)\b\w\w+\b")


class KindModel(msgspec.Struct, frozen=True):
    """A trained model: ``vocabulary`` maps a word to its idf followed by one weight a kind
    (in the order of ``kinds``); ``trained_on`` names the annotated sets it learned from."""

    kinds: list[str]
    intercepts: list[float]
    vocabulary: dict[str, list[float]]
    trained_on: list[str]
    releases: int


def model_text(title: str, paragraphs: Sequence[str]) -> str:
    """What the model reads of a release: the same in training and in scoring."""
    return "\n".join([title, *(p[:PARAGRAPH_CHARS] for p in paragraphs[:PARAGRAPHS])])


def scores(model: KindModel, text: str) -> list[float]:
    """The probability of each kind of ``model.kinds`` for ``text``."""
    counts = Counter(_TOKEN.findall(text.lower()))
    vocabulary = model.vocabulary
    found = [(vocabulary[w], 1.0 + math.log(n)) for w, n in counts.items() if w in vocabulary]
    norm = math.sqrt(sum((row[0] * tf) ** 2 for row, tf in found)) or 1.0
    logits = list(model.intercepts)
    for row, tf in found:
        value = row[0] * tf / norm
        for k in range(len(logits)):
            logits[k] += row[k + 1] * value
    top = max(logits)
    exps = [math.exp(v - top) for v in logits]
    total = sum(exps)
    return [e / total for e in exps]


@functools.cache
def load(path: Path = MODEL_PATH) -> KindModel | None:
    """The committed model; None when there is none (the parser then keeps its default)."""
    try:
        return msgspec.json.decode(path.read_bytes(), type=KindModel)
    except FileNotFoundError:
        return None


def predict(title: str, paragraphs: Sequence[str]) -> tuple[str, float] | None:
    """The most probable kind of a release and its probability; None without a model."""
    model = _overrides[-1] if _overrides else load()
    if model is None:
        return None
    probabilities = scores(model, model_text(title, paragraphs))
    best = max(range(len(probabilities)), key=probabilities.__getitem__)
    return model.kinds[best], probabilities[best]


_overrides: list[KindModel | None] = []


@contextlib.contextmanager
def using(model: KindModel | None) -> Iterator[None]:
    """Score with another model (or none, ``None``) for the time of a ``with`` block: the
    builder reads the fixtures without the committed model, and cross-validates with models
    trained on part of them."""
    _overrides.append(model)
    try:
        yield
    finally:
        _overrides.pop()
