"""Build ``kind_model.json``, the model of :mod:`services.ingestion.kind_model`.

Run ``uv run python -m services.ingestion.data.build_kind_model``; ``--check`` only compares
with the committed file (retraining on the sets it names), ``--cv`` cross-validates instead of
building. Training needs
scikit-learn (a development dependency); scoring the built model does not.

The training data are the annotated sets, ``tests/fixtures/*/annotations.jsonl``: every
release with an annotated kind, read by the parser without a model (so that the model never
learns from its own answers), gives the text :func:`~services.ingestion.kind_model.model_text`
makes of its title and first paragraphs, and its kind as annotated. The model is scikit-learn's
``LogisticRegression(C=10)`` over ``TfidfVectorizer(min_df=2, sublinear_tf=True)``, both
deterministic; weights are rounded to four decimals.

``--cv`` measures what the model adds, honestly: the sets are cut into folds of nine
consecutive sets (about three rounds of annotation); for each fold a model trained on the
other folds is used while the parser reads that fold, and the kind accuracy over the fold is
printed with the model and without it (the parser's rules alone, which were written with all
the sets in view: the figure without the model is the in-sample one, the one with it is not).

How to refresh the model after annotating a new set, or after a parser change
    1. ``uv run python -m services.ingestion.data.build_kind_model`` (it prints what it read);
    2. ``uv run python -m services.ingestion.data.build_kind_model --cv`` to see the gain;
       a set drawn to be scored fresh is left out of the model until it has been scored
       (``--exclude heldout120``), then the model is rebuilt with it;
    3. run the tests and commit ``services/ingestion/data/kind_model.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import msgspec

from services.ingestion import kind_model
from services.ingestion.kind_model import KindModel
from services.ingestion.parser import ParsedRelease, parse_document

FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures"
FOLD_SETS = 9
C = 10.0


class Example:
    __slots__ = ("kind", "set_name", "text")

    def __init__(self, set_name: str, text: str, kind: str) -> None:
        self.set_name, self.text, self.kind = set_name, text, kind


def annotation_files(fixtures: Path) -> list[Path]:
    """The annotated sets, in the order they were drawn (``heldout``, ``heldout2``, …)."""

    def order(path: Path) -> tuple[int, str]:
        number = re.search(r"(\d+)$", path.parent.name)
        return (int(number.group(1)) if number else 1, path.parent.name)

    return sorted(fixtures.glob("*/annotations.jsonl"), key=order)


def _annotated(annotations: Path) -> Iterable[tuple[Path, int, str]]:
    for line in annotations.read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry: dict[str, Any] = json.loads(line)
            if entry.get("kind"):
                yield (
                    annotations.parent / entry["file"],
                    int(entry.get("release", 1)),
                    entry["kind"],
                )


def examples(files: Iterable[Path]) -> list[Example]:
    """Each annotated release's model text and kind, the parser reading without a model."""
    found: list[Example] = []
    with kind_model.using(None):
        for annotations in files:
            parsed: dict[Path, list[Any]] = {}
            for path, release, kind in _annotated(annotations):
                if path not in parsed:
                    parsed[path] = parse_document(path.read_text(encoding="utf-8"))
                if release > len(parsed[path]):
                    continue
                result = parsed[path][release - 1]
                content = result.content if isinstance(result, ParsedRelease) else result.found
                if content is not None:
                    text = kind_model.model_text(content.title, content.body)
                    found.append(Example(annotations.parent.name, text, kind))
    return found


def train(data: Sequence[Example], trained_on: Sequence[str]) -> KindModel:
    from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415

    vectorizer = TfidfVectorizer(min_df=2, sublinear_tf=True)
    features = vectorizer.fit_transform([e.text for e in data])
    classifier = LogisticRegression(C=C, max_iter=5000)
    classifier.fit(features, [e.kind for e in data])
    kinds = [str(k) for k in classifier.classes_]
    vocabulary = {
        str(word): [round(float(vectorizer.idf_[i]), 4)]
        + [round(float(classifier.coef_[k][i]), 4) for k in range(len(kinds))]
        for word, i in sorted(vectorizer.vocabulary_.items())
    }
    return KindModel(
        kinds=kinds,
        intercepts=[round(float(b), 4) for b in classifier.intercept_],
        vocabulary=vocabulary,
        trained_on=list(trained_on),
        releases=len(data),
    )


def dumps(model: KindModel) -> str:
    """The model as JSON, one word a line (a diff shows which words moved)."""
    head = {k: getattr(model, k) for k in ("kinds", "intercepts", "trained_on", "releases")}
    words = ",\n".join(
        f"    {json.dumps(w, ensure_ascii=False)}: {json.dumps(v)}"
        for w, v in model.vocabulary.items()
    )
    return json.dumps(head, ensure_ascii=False)[:-1] + ',\n  "vocabulary": {\n' + words + "\n}}\n"


def _kind_accuracy(files: Sequence[Path], model: KindModel | None) -> tuple[int, int]:
    right = total = 0
    with kind_model.using(model):
        for annotations in files:
            parsed: dict[Path, list[Any]] = {}
            for path, release, kind in _annotated(annotations):
                if path not in parsed:
                    parsed[path] = parse_document(path.read_text(encoding="utf-8"))
                total += 1
                if release <= len(parsed[path]):
                    result = parsed[path][release - 1]
                    content = result.content if isinstance(result, ParsedRelease) else result.found
                    right += content is not None and content.kind == kind
    return right, total


def cross_validate(files: Sequence[Path], data: Sequence[Example]) -> tuple[int, int, int]:
    """Kind accuracy fold by fold, without the model and with one not trained on the fold."""
    rules = learned = total = 0
    for start in range(0, len(files), FOLD_SETS):
        fold = files[start : start + FOLD_SETS]
        held = {f.parent.name for f in fold}
        rest = [e for e in data if e.set_name not in held]
        model = train(rest, sorted({e.set_name for e in rest}))
        (without, n), (with_model, _) = _kind_accuracy(fold, None), _kind_accuracy(fold, model)
        rules, learned, total = rules + without, learned + with_model, total + n
        names = f"{fold[0].parent.name}–{fold[-1].parent.name}"
        sys.stdout.write(
            f"{names:24} {n:4} releases  rules alone {without / n:.3f}"
            f"  with the model {with_model / n:.3f}\n"
        )
    sys.stdout.write(
        f"{'all folds':24} {total:4} releases  rules alone {rules / total:.3f}"
        f"  with the model {learned / total:.3f}\n"
    )
    return rules, learned, total


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--fixtures", type=Path, default=FIXTURES)
    parser.add_argument("--out", type=Path, default=kind_model.MODEL_PATH)
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="SET",
        help="leave out an annotated set (e.g. one drawn to be scored fresh); repeatable",
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="compare with the committed file")
    group.add_argument("--cv", action="store_true", help="cross-validate; write nothing")
    args = parser.parse_args(argv)
    files = [f for f in annotation_files(args.fixtures) if f.parent.name not in args.exclude]
    if args.check:
        # the sets the committed model names: a set drawn since, not yet scored, stays out
        names = (
            set(msgspec.json.decode(args.out.read_bytes(), type=KindModel).trained_on)
            if args.out.exists()
            else set()
        )
        files = [f for f in files if f.parent.name in names]
    if not files:
        sys.stderr.write(f"no annotated sets under {args.fixtures}\n")
        return 2
    data = examples(files)
    if args.cv:
        cross_validate(files, data)
        return 0
    text = dumps(train(data, [f.parent.name for f in files]))
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            sys.stderr.write(f"{args.out} is not what the annotated sets train: rebuild it\n")
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    kinds = len({e.kind for e in data})
    sys.stdout.write(
        f"{args.out}: {len(data)} releases of {len(files)} sets, {kinds} kinds, "
        f"{len(json.loads(text)['vocabulary'])} words\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
