"""Two of the parser's decisions, learned from the annotated sets where rules fall short.

The parser's rules were written one page at a time, and on pages from sites nobody has
written a rule for they fail in two ways that words alone tell well:

* **kind** (:func:`kind`): where no type line and no rule names a release's kind, a statement
  was the default, right about one time in four on fresh pages. There this model decides: a
  logistic regression over the words of the title and the first two paragraphs' openings.
* **headline** (:func:`headline`): on a page that shows no headline the rules take some line
  for the title, often the page's chrome: a site's name ("Channel 1 Los Angeles"), a section
  label ("Actualités"), a salutation ("Mesdames et Messieurs"), a byline's title. This model
  gives the probability that the line taken is a headline at all, from its words (case kept)
  and its shape (heading or plain line, word count, a closing colon or full stop, capitals, a
  bar, a year). The parser asks it about plain lines only (a ``#`` heading is never
  overruled), and under :data:`HEADLINE_FLOOR` reads the release as headless. The floor is
  low on purpose: a headline wrongly refused rejects a good release, where chrome wrongly
  kept only gives it a poor title.

Both are trained on every annotated release of ``tests/fixtures`` (English, French and
Spanish) by ``uv run python -m services.ingestion.data.build_models`` and committed as JSON
(``data/kind.json``, ``data/headline.json``); scoring needs nothing beyond the standard
library, and nothing is downloaded. The features are those of scikit-learn's
``TfidfVectorizer(sublinear_tf=True)``: words of two characters or more, a word's weight
``(1 + ln count) * idf``, the vector scaled to unit length; a class's score is ``intercept +
weights · features``, and the probabilities their softmax.
"""

from __future__ import annotations

import contextlib
import functools
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Final, Literal

import msgspec

__all__ = [
    "HEADLINE_FLOOR",
    "LinearModel",
    "headline",
    "headline_text",
    "kind",
    "kind_text",
    "load",
    "scores",
    "using",
]

Name = Literal["kind", "headline"]
DATA: Final = Path(__file__).parent / "data"
# What the kind model reads of a release: the title and the first two paragraphs' openings.
PARAGRAPHS: Final = 2
PARAGRAPH_CHARS: Final = 300
# Under this probability of being a headline, the plain line the rules took is none. The
# model is sure of little: made-up and real short headlines ("Visa Section Closure",
# "Statement on Venezuela") score as low as 0.02-0.2 beside chrome ("Secretary of State",
# 0.02), so the floor is set where only chrome falls (see the README's quality section).
HEADLINE_FLOOR: Final = 0.01
# scikit-learn's default token pattern: words of two characters or more ("__plain" included).
_TOKEN: Final = re.compile(r"(?u)\b\w\w+\b")
_YEAR: Final = re.compile(r"\b(?:19|20)\d\d\b")


class LinearModel(msgspec.Struct, frozen=True):
    """A trained model: ``vocabulary`` maps a word to its idf followed by one weight a class
    (in the order of ``classes``); ``trained_on`` names the annotated sets it learned from."""

    classes: list[str]
    intercepts: list[float]
    vocabulary: dict[str, list[float]]
    lowercase: bool
    trained_on: list[str]
    releases: int


def kind_text(title: str, paragraphs: Sequence[str]) -> str:
    """What the kind model reads of a release: the same in training and in scoring."""
    return "\n".join([title, *(p[:PARAGRAPH_CHARS] for p in paragraphs[:PARAGRAPHS])])


def headline_text(line: str, plain: bool) -> str:
    """What the headline model reads of the line taken for a title: its words, and its shape
    as words of their own."""
    shape = ["__plain" if plain else "__heading", f"__words{min(len(line.split()), 12) // 2}"]
    stripped = line.rstrip()
    if stripped.endswith(":"):
        shape.append("__colon")
    if stripped.endswith("."):
        shape.append("__period")
    if line.isupper():
        shape.append("__capitals")
    if "|" in line:
        shape.append("__bar")
    if _YEAR.search(line):
        shape.append("__year")
    if len(line) > 150:
        shape.append("__long")
    return f"{line} {' '.join(shape)}"


def scores(model: LinearModel, text: str) -> list[float]:
    """The probability of each class of ``model.classes`` for ``text``."""
    counts = Counter(_TOKEN.findall(text.lower() if model.lowercase else text))
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
def load(name: Name) -> LinearModel | None:
    """The committed model; None when there is none (the parser then keeps to its rules)."""
    try:
        return msgspec.json.decode((DATA / f"{name}.json").read_bytes(), type=LinearModel)
    except FileNotFoundError:
        return None


def _model(name: Name) -> LinearModel | None:
    stack = _overrides.get(name)
    return stack[-1] if stack else load(name)


def kind(title: str, paragraphs: Sequence[str]) -> tuple[str, float] | None:
    """The most probable kind of a release and its probability; None without a model."""
    model = _model("kind")
    if model is None:
        return None
    probabilities = scores(model, kind_text(title, paragraphs))
    best = max(range(len(probabilities)), key=probabilities.__getitem__)
    return model.classes[best], probabilities[best]


def headline(line: str, plain: bool) -> float | None:
    """The probability that ``line``, taken for a title, is a headline; None without a model."""
    model = _model("headline")
    if model is None:
        return None
    return scores(model, headline_text(line, plain))[model.classes.index("headline")]


_overrides: dict[str, list[LinearModel | None]] = {}


@contextlib.contextmanager
def using(name: Name, model: LinearModel | None) -> Iterator[None]:
    """Score with another model (or none, ``None``) for the time of a ``with`` block: the
    builder reads the fixtures without the committed models, and cross-validates with models
    trained on part of them."""
    stack = _overrides.setdefault(name, [])
    stack.append(model)
    try:
        yield
    finally:
        stack.pop()
