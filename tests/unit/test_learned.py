"""Unit tests for the learned models (services.ingestion.learned) and their build script."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from services.ingestion import learned
from services.ingestion.data import build_models
from services.ingestion.learned import LinearModel
from services.ingestion.parser import ParsedRelease, RejectedRelease, parse_document

FIXTURES = Path(__file__).parent.parent / "fixtures"


def only(text: str) -> ParsedRelease:
    (result,) = parse_document(text)
    assert isinstance(result, ParsedRelease), result
    return result


def kind_warning(result: ParsedRelease) -> str:
    (message,) = [w.message for w in result.warnings if w.field == "kind"]
    return message


# Models written by hand: "grants" speaks for a Media Note, "evening" for Remarks; "Home"
# (as written) for chrome.
HAND_KIND = LinearModel(
    classes=["Media Note", "Press Statement", "Remarks"],
    intercepts=[0.0, 0.5, 0.0],
    vocabulary={"grants": [1.0, 4.0, 0.0, 0.0], "evening": [1.0, 0.0, 0.0, 4.0]},
    lowercase=True,
    trained_on=["by hand"],
    releases=0,
)
HAND_HEADLINE = LinearModel(
    classes=["chrome", "headline"],
    intercepts=[0.0, 3.0],
    vocabulary={"Home": [1.0, 0.0, -8.0]},
    lowercase=False,
    trained_on=["by hand"],
    releases=0,
)
NO_CUE = (
    "# Small Grants Program\n\nThe Embassy opens its small grants program to local "
    "associations this year.\n\nProposals are accepted until March.\n"
)


def test_the_kind_model_decides_where_no_rule_names_the_kind() -> None:
    with learned.using("kind", HAND_KIND):
        decided = only(NO_CUE)
    with learned.using("kind", None):
        default = only(NO_CUE)

    assert decided.content.kind == "Media Note"
    assert kind_warning(decided).startswith(
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
def test_the_kind_model_never_overrides_a_type_line_or_a_rule(text: str) -> None:
    with learned.using("kind", None):
        ruled = only(text).content.kind
    with learned.using("kind", HAND_KIND):
        decided = only(text).content.kind

    assert decided == ruled


def test_a_line_the_headline_model_calls_chrome_leaves_the_release_headless() -> None:
    page = "Home\n\nThe Ministry welcomes the agreement reached today in Geneva by the parties.\n"
    with learned.using("headline", HAND_HEADLINE):
        (vetoed,) = parse_document(page)
        kept = only(page.replace("Home", "Agreement in Geneva"))
        heading = only(f"# {page}")  # a heading is never overruled
    with learned.using("headline", None):
        ruled = only(page)

    assert isinstance(vetoed, RejectedRelease)
    assert vetoed.title is None
    (reason,) = vetoed.reasons
    assert reason.field == "title"
    assert reason.line == 1
    assert reason.message.startswith("no title: 'Home' reads as the page's chrome, not a headline")
    # what it read is kept for the operator, as for any release without a headline
    assert vetoed.found is not None
    assert vetoed.found.body == (
        "The Ministry welcomes the agreement reached today in Geneva by the parties.",
    )
    assert kept.content.title == "Agreement in Geneva"
    assert ruled.content.title == "Home"
    assert heading.content.title == "Home"


def test_scores_are_softmax_of_tf_idf_weights() -> None:
    # "grants grants": tf 1 + ln 2; alone in the vector, its unit length makes the value 1
    probabilities = learned.scores(HAND_KIND, "Grants, grants!")
    logits = [4.0, 0.5, 0.0]
    expected = [pytest.approx(math.exp(v) / sum(math.exp(w) for w in logits)) for v in logits]
    nothing_known = learned.scores(HAND_KIND, "Nothing known here.")

    assert probabilities == expected
    assert nothing_known[1] == max(nothing_known)  # the intercepts alone
    # the headline model keeps case: "home" is not "Home"
    assert learned.scores(HAND_HEADLINE, "home")[1] > 0.9
    assert learned.scores(HAND_HEADLINE, "Home")[1] < 0.01


def test_headline_text_spells_the_shape_of_a_line() -> None:
    assert learned.headline_text("A Downing Street spokesperson said:", plain=True) == (
        "A Downing Street spokesperson said: __plain __words2 __colon"
    )
    assert learned.headline_text("GOV.UK | DEPARTMENTS 2019", plain=False) == (
        "GOV.UK | DEPARTMENTS 2019 __heading __words2 __capitals __bar __year"
    )


@pytest.mark.parametrize("name", build_models.NAMES)
def test_scoring_reproduces_scikit_learn(name: learned.Name) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415

    files = build_models.annotation_files(FIXTURES)[:12]
    data = build_models.examples(name, files)
    model = build_models.train(name, data, ["twelve sets"])
    vectorizer = TfidfVectorizer(
        min_df=build_models.MIN_DF[name], sublinear_tf=True, lowercase=build_models.LOWERCASE[name]
    )
    classifier = LogisticRegression(
        C=build_models.C, max_iter=5000, class_weight=build_models.CLASS_WEIGHT[name]
    )
    classifier.fit(vectorizer.fit_transform([e.text for e in data]), [e.label for e in data])
    reference = classifier.predict_proba(vectorizer.transform([e.text for e in data]))

    assert len(data) > 150
    assert len(model.classes) > 1
    assert model.classes == list(classifier.classes_)
    for example, row in zip(data, reference, strict=True):
        # (weights are rounded to four decimals in the file)
        assert learned.scores(model, example.text) == pytest.approx(list(row), abs=2e-3)


def test_the_committed_models_are_what_their_sets_train() -> None:
    assert build_models.main(["--check"]) == 0, "rebuild: see build_models.py"


def test_the_committed_models_name_a_speech_and_refuse_a_section_label() -> None:
    speech = only(
        "# Ambassador Welcomes Students\n\nGood evening, everyone. It is a pleasure to be here "
        "with you tonight.\n\nThank you all for coming.\n"
    )
    (site,) = parse_document(
        "Actualités\n\nThe Secretary met the Foreign Minister today to discuss "
        "the alliance and the situation in the region.\n"
    )

    assert speech.content.kind == "Remarks"
    assert "the kind model" in kind_warning(speech)
    assert isinstance(site, RejectedRelease)
    assert "reads as the page's chrome" in site.reasons[0].message


def test_build_check_and_exclude(tmp_path: Path) -> None:
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    for name in ("heldout34", "heldout36", "heldout4"):  # (both hold chrome taken for titles)
        (fixtures / name).symlink_to((FIXTURES / name).resolve())
    out = tmp_path / "models"
    out.mkdir()
    common = ["--fixtures", str(fixtures), "--out", str(out)]

    assert build_models.main([*common, "--exclude", "heldout4"]) == 0
    for name in build_models.NAMES:
        model = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
        assert model["trained_on"] == ["heldout34", "heldout36"]
    assert build_models.main([*common, "--check"]) == 0
    kind = out / "kind.json"
    kind.write_text(kind.read_text(encoding="utf-8").replace('"releases": ', '"releases": 1'))
    assert build_models.main([*common, "--check"]) == 1
    assert build_models.main([*common, "--check", "--model", "headline"]) == 0


def test_cross_validation_prints_each_fold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    for n in range(2, 13):
        (fixtures / f"heldout{n}").symlink_to((FIXTURES / f"heldout{n}").resolve())

    assert build_models.main(["--fixtures", str(fixtures), "--cv", "--model", "kind"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in lines] == [
        ["kind", "heldout2–heldout10"],
        ["kind", "heldout11–heldout12"],
        ["kind", "all"],
    ]
    for line in lines:
        without, with_model = (float(x) for x in line.split()[-5::4])
        assert 0.0 < without <= 1.0
        assert 0.0 < with_model <= 1.0
