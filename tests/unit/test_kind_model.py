"""Unit tests for the kind model (services.ingestion.kind_model) and its build script."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.ingestion import kind_model
from services.ingestion.data import build_kind_model
from services.ingestion.kind_model import KindModel
from services.ingestion.parser import ParsedRelease, parse_document

FIXTURES = Path(__file__).parent.parent / "fixtures"
KINDS = ["Media Note", "Press Statement", "Remarks"]


def only(text: str) -> ParsedRelease:
    (result,) = parse_document(text)
    assert isinstance(result, ParsedRelease), result
    return result


def kind_warning(result: ParsedRelease) -> str:
    (message,) = [w.message for w in result.warnings if w.field == "kind"]
    return message


# A model written by hand: "grants" speaks for a Media Note, "evening" for Remarks.
HAND_MODEL = KindModel(
    kinds=KINDS,
    intercepts=[0.0, 0.5, 0.0],
    vocabulary={"grants": [1.0, 4.0, 0.0, 0.0], "evening": [1.0, 0.0, 0.0, 4.0]},
    trained_on=["by hand"],
    releases=0,
)
NO_CUE = (
    "# Small Grants Program\n\nThe Embassy opens its small grants program to local "
    "associations this year.\n\nProposals are accepted until March.\n"
)


def test_the_model_decides_where_no_rule_names_the_kind() -> None:
    with kind_model.using(HAND_MODEL):
        learned = only(NO_CUE)
    with kind_model.using(None):
        default = only(NO_CUE)

    assert learned.content.kind == "Media Note"
    assert kind_warning(learned).startswith(
        "no type line; kind inferred as Media Note from the kind model (p = "
    )
    assert default.content.kind == "Press Statement"
    assert kind_warning(default).endswith("from the default, the most common kind")


@pytest.mark.parametrize(
    "text",
    [
        # a type line
        "# Small Grants Program\n\nMedia Note\n\nOffice of the Spokesperson\n\nThe Embassy "
        "announced grants this evening for local associations.\n",
        # a rule: "The following is attributable to …" on a call
        "# Call with the Minister\n\nThe following is attributable to Spokesperson Heather "
        "Nauert:\n\nThe Secretary spoke by phone with the Minister this evening about grants.\n",
        # a transcript
        "# Grants Event\n\nAMBASSADOR: Good evening, and welcome.\n\nMINISTER: Thank you for "
        "the grants.\n\nAMBASSADOR: It is a pleasure.\n",
    ],
)
def test_the_model_never_overrides_a_type_line_or_a_rule(text: str) -> None:
    with kind_model.using(None):
        ruled = only(text).content.kind
    with kind_model.using(HAND_MODEL):
        learned = only(text).content.kind

    assert learned == ruled


def test_scores_are_softmax_of_tf_idf_weights() -> None:
    # "grants grants": tf 1 + ln 2; alone in the vector, its unit length makes the value 1
    probabilities = kind_model.scores(HAND_MODEL, "Grants, grants!")
    logits = [4.0, 0.5, 0.0]
    expected = [pytest.approx(2.718281828**v / sum(2.718281828**w for w in logits)) for v in logits]

    assert probabilities == expected
    # no known word: the intercepts alone
    assert kind_model.scores(HAND_MODEL, "Nothing known here.")[1] == max(
        kind_model.scores(HAND_MODEL, "Nothing known here.")
    )


def test_scoring_reproduces_scikit_learn() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415

    files = build_kind_model.annotation_files(FIXTURES)[:12]
    data = build_kind_model.examples(files)
    model = build_kind_model.train(data, ["twelve sets"])
    vectorizer = TfidfVectorizer(min_df=2, sublinear_tf=True)
    classifier = LogisticRegression(C=build_kind_model.C, max_iter=5000)
    classifier.fit(vectorizer.fit_transform([e.text for e in data]), [e.kind for e in data])
    reference = classifier.predict_proba(vectorizer.transform([e.text for e in data]))

    assert len(data) > 150
    assert model.kinds == list(classifier.classes_)
    for example, row in zip(data, reference, strict=True):
        ours = kind_model.scores(model, example.text)
        # (weights are rounded to four decimals in the file)
        assert ours == pytest.approx(list(row), abs=2e-3)


def test_the_committed_model_is_what_its_sets_train() -> None:
    assert build_kind_model.main(["--check"]) == 0, "rebuild: see build_kind_model.py"


def test_the_committed_model_names_a_speech_and_a_readout() -> None:
    speech = only(
        "# Ambassador Welcomes Students\n\nGood evening, everyone. It is a pleasure to be here "
        "with you tonight.\n\nThank you all for coming.\n"
    )
    readout = only(
        "# Deputy Secretary's Meeting with the Foreign Minister\n\nDeputy Secretary Biegun "
        "and Foreign Minister Motegi discussed the alliance, the pandemic and the region.\n"
    )

    assert speech.content.kind == "Remarks"
    assert readout.content.kind == "Readout"
    assert "the kind model" in kind_warning(speech)


def test_build_check_and_exclude(tmp_path: Path) -> None:
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    for name in ("heldout2", "heldout3", "heldout4"):
        (fixtures / name).symlink_to((FIXTURES / name).resolve())
    out = tmp_path / "kind_model.json"

    built = ["--fixtures", str(fixtures), "--out", str(out), "--exclude", "heldout4"]
    assert build_kind_model.main(built) == 0
    model = json.loads(out.read_text(encoding="utf-8"))
    assert model["trained_on"] == ["heldout2", "heldout3"]
    assert build_kind_model.main(["--fixtures", str(fixtures), "--out", str(out), "--check"]) == 0
    out.write_text(out.read_text(encoding="utf-8").replace('"releases": ', '"releases": 1'))
    assert build_kind_model.main(["--fixtures", str(fixtures), "--out", str(out), "--check"]) == 1


def test_cross_validation_prints_each_fold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    for n in range(2, 13):
        (fixtures / f"heldout{n}").symlink_to((FIXTURES / f"heldout{n}").resolve())

    assert build_kind_model.main(["--fixtures", str(fixtures), "--cv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["heldout2–heldout10", "heldout11–heldout12",
                                                   "all"]  # fmt: skip
    for line in lines:
        without, with_model = (float(x) for x in line.split()[-5::4])
        assert 0.0 < without <= 1.0
        assert 0.0 < with_model <= 1.0
