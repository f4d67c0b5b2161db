"""Build ``kind.json`` and ``headline.json``, the models of :mod:`services.ingestion.learned`.

Run ``uv run python -m services.ingestion.data.build_models`` (``--model kind`` or
``--model headline`` for one); ``--check`` only compares with the committed files (retraining
on the sets each names), ``--cv`` cross-validates instead of building. Training needs
scikit-learn (a development dependency); scoring the built models does not.

The training data are the annotated sets, ``tests/fixtures/*/annotations.jsonl``, read by the
parser with neither model (so that a model never learns from its own answers, nor from the
other's):

* kind: every release with an annotated kind gives the text
  :func:`~services.ingestion.learned.kind_text` makes of its title and first paragraphs, and
  that kind;
* headline: every release for which the parser took a line for the title gives
  :func:`~services.ingestion.learned.headline_text` of that line, a headline when it is the
  annotated title (or one holds the other: "MEDIA NOTE: …"), and chrome when the annotators
  saw no headline on the page or another line is the title.

Each model is scikit-learn's ``LogisticRegression(C=10)`` over ``TfidfVectorizer(min_df=…,
sublinear_tf=True)`` (words lower-cased for kind, as written for headline; the headline
model's two classes weighed equally), both deterministic; weights are rounded to four
decimals.

``--cv`` measures what a model adds, honestly: the sets are cut into folds of nine
consecutive sets (about three rounds of annotation); for each fold a model trained on the
other folds is used while the parser reads that fold, and the accuracy of the field it decides
(kind or title) over the fold is printed with the model and without it (the parser's rules
alone, written with all the sets in view: the figure without the model is in-sample, the one
with it is not).

How to refresh the models after annotating a new set, or after a parser change
    1. ``uv run python -m services.ingestion.data.build_models`` (it prints what it read); a
       set drawn to be scored fresh is left out until it has been scored (``--exclude
       heldout120``), then the models are rebuilt with it;
    2. ``uv run python -m services.ingestion.data.build_models --cv`` to see the gain;
    3. run the tests and commit ``services/ingestion/data/*.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final

import msgspec

from services.enrichment.evaluate import annotated_releases, read_content
from services.ingestion import learned
from services.ingestion.learned import LinearModel, Name
from services.ingestion.parser import ParsedRelease, RejectedRelease

FIXTURES: Final = Path(__file__).resolve().parents[3] / "tests" / "fixtures"
FOLD_SETS: Final = 9
C: Final = 10.0
NAMES: Final[tuple[Name, ...]] = ("kind", "headline")
# The annotated field each model decides, and the vectorizer's settings for it.
FIELD: Final[dict[Name, str]] = {"kind": "kind", "headline": "title"}
LOWERCASE: Final[dict[Name, bool]] = {"kind": True, "headline": False}
MIN_DF: Final[dict[Name, int]] = {"kind": 2, "headline": 1}
# (chrome is one line taken in twelve: weighed as much as headlines, so that its words count)
CLASS_WEIGHT: Final[dict[Name, str | None]] = {"kind": None, "headline": "balanced"}


class Example(msgspec.Struct, frozen=True):
    set_name: str
    text: str
    label: str


def annotation_files(fixtures: Path) -> list[Path]:
    """The annotated sets, in the order they were drawn (``heldout``, ``heldout2``, …)."""

    def order(path: Path) -> tuple[int, str]:
        number = re.search(r"(\d+)$", path.parent.name)
        return (int(number.group(1)) if number else 1, path.parent.name)

    return sorted(fixtures.glob("*/annotations.jsonl"), key=order)


@contextlib.contextmanager
def _models(model: dict[Name, LinearModel | None]) -> Iterator[None]:
    with contextlib.ExitStack() as stack:
        for name, value in model.items():
            stack.enter_context(learned.using(name, value))
        yield


def _read(
    files: Iterable[Path], field: str
) -> Iterator[tuple[Path, ParsedRelease | RejectedRelease | None, Any]]:
    """Each annotated release holding ``field``: its set's file, the parser's result (None
    when the parser found fewer releases) and the annotated value."""
    for annotation_file, entry, result in annotated_releases(files):
        if field in entry:
            yield annotation_file, result, entry[field]


def examples(name: Name, files: Iterable[Path]) -> list[Example]:
    """What model ``name`` learns from, the parser reading with neither model."""
    found: list[Example] = []
    with _models(dict.fromkeys(NAMES)):
        for annotations, result, wanted in _read(files, FIELD[name]):
            set_name = annotations.parent.name
            if name == "kind" and wanted and (content := read_content(result)) is not None:
                text = learned.kind_text(content.title, content.body)
                found.append(Example(set_name, text, wanted))
            elif name == "headline" and isinstance(result, ParsedRelease):
                title = result.content.title
                plain = any(w.message.startswith("no heading") for w in result.warnings)
                right = bool(wanted) and (title == wanted or title in wanted or wanted in title)
                label = "headline" if right else "chrome"
                found.append(Example(set_name, learned.headline_text(title, plain), label))
    return found


def train(name: Name, data: Sequence[Example], trained_on: Sequence[str]) -> LinearModel:
    from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415

    vectorizer = TfidfVectorizer(min_df=MIN_DF[name], sublinear_tf=True, lowercase=LOWERCASE[name])
    features = vectorizer.fit_transform([e.text for e in data])
    classifier = LogisticRegression(C=C, max_iter=5000, class_weight=CLASS_WEIGHT[name])
    classifier.fit(features, [e.label for e in data])
    classes = [str(k) for k in classifier.classes_]
    # (two classes: scikit-learn keeps one row of weights, for the second class; as a softmax
    # over two classes, the first class scores zero)
    coef = [[0.0] * features.shape[1], *classifier.coef_] if len(classes) == 2 else classifier.coef_
    intercepts = [0.0, *classifier.intercept_] if len(classes) == 2 else classifier.intercept_
    vocabulary = {
        str(word): [round(float(vectorizer.idf_[i]), 4)]
        + [round(float(coef[k][i]), 4) for k in range(len(classes))]
        for word, i in sorted(vectorizer.vocabulary_.items())
    }
    return LinearModel(
        classes=classes,
        intercepts=[round(float(b), 4) for b in intercepts],
        vocabulary=vocabulary,
        lowercase=LOWERCASE[name],
        trained_on=list(trained_on),
        releases=len(data),
    )


def dumps(model: LinearModel) -> str:
    """The model as JSON, one word a line (a diff shows which words moved)."""
    head = {
        k: getattr(model, k)
        for k in ("classes", "intercepts", "lowercase", "trained_on", "releases")
    }
    words = ",\n".join(
        f"    {json.dumps(w, ensure_ascii=False)}: {json.dumps(v)}"
        for w, v in model.vocabulary.items()
    )
    return json.dumps(head, ensure_ascii=False)[:-1] + ',\n  "vocabulary": {\n' + words + "\n}}\n"


def _accuracy(name: Name, files: Sequence[Path], model: LinearModel | None) -> tuple[int, int]:
    """How often the parser gets the field model ``name`` decides right, with ``model``."""
    right = total = 0
    with _models({name: model}):
        for _, result, wanted in _read(files, FIELD[name]):
            total += 1
            if name == "kind":
                right += (content := read_content(result)) is not None and content.kind == wanted
            else:  # a rejected release's title is None, as the annotators write a missing one
                found = result.content.title if isinstance(result, ParsedRelease) else None
                right += result is not None and found == wanted
    return right, total


def cross_validate(name: Name, files: Sequence[Path], data: Sequence[Example]) -> tuple[int, int]:
    """The field's accuracy fold by fold, without the model and with one not trained on the
    fold; returns the totals right without and with it."""
    rules = learned_right = total = 0
    for start in range(0, len(files), FOLD_SETS):
        fold = files[start : start + FOLD_SETS]
        held = {f.parent.name for f in fold}
        rest = [e for e in data if e.set_name not in held]
        model = train(name, rest, sorted({e.set_name for e in rest}))
        without, n = _accuracy(name, fold, None)
        with_model, _ = _accuracy(name, fold, model)
        rules, learned_right, total = rules + without, learned_right + with_model, total + n
        names = f"{fold[0].parent.name}–{fold[-1].parent.name}"
        sys.stdout.write(
            f"{name} {names:24} {n:4} releases  rules alone {without / n:.3f}"
            f"  with the model {with_model / n:.3f}\n"
        )
    sys.stdout.write(
        f"{name} {'all folds':24} {total:4} releases  rules alone {rules / total:.3f}"
        f"  with the model {learned_right / total:.3f}\n"
    )
    return rules, learned_right


def _committed_sets(path: Path) -> set[str]:
    if not path.exists():
        return set()
    return set(msgspec.json.decode(path.read_bytes(), type=LinearModel).trained_on)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--fixtures", type=Path, default=FIXTURES)
    parser.add_argument("--out", type=Path, default=learned.DATA, help="folder of the models")
    parser.add_argument("--model", choices=NAMES, action="append", help="default: both")
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="SET",
        help="leave out an annotated set (e.g. one drawn to be scored fresh); repeatable",
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="compare with the committed files")
    group.add_argument("--cv", action="store_true", help="cross-validate; write nothing")
    args = parser.parse_args(argv)
    every = [f for f in annotation_files(args.fixtures) if f.parent.name not in args.exclude]
    if not every:
        sys.stderr.write(f"no annotated sets under {args.fixtures}\n")
        return 2
    status = 0
    for name in args.model or NAMES:
        out = args.out / f"{name}.json"
        files = every
        if args.check:  # the sets the committed model names: a set drawn since stays out
            files = [f for f in every if f.parent.name in _committed_sets(out)]
        data = examples(name, files)
        if args.cv:
            cross_validate(name, files, data)
            continue
        text = dumps(train(name, data, [f.parent.name for f in files]))
        if args.check:
            if not out.exists() or out.read_text(encoding="utf-8") != text:
                sys.stderr.write(f"{out} is not what the annotated sets train: rebuild it\n")
                status = 1
            continue
        out.write_text(text, encoding="utf-8")
        labels = len({e.label for e in data})
        sys.stdout.write(
            f"{out}: {len(data)} releases of {len(files)} sets, {labels} classes, "
            f"{len(json.loads(text)['vocabulary'])} words\n"
        )
    return status


if __name__ == "__main__":
    raise SystemExit(main())
