"""Planning a submission (pure): release ids, JSON releases, size bounds, change summaries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import msgspec
import pytest

from schemas.events import Problem
from services.ingestion.submit import (
    Submission,
    SubmissionError,
    changes_between,
    plan,
    release_id_for,
)
from tests.samples import content

SEED = Path(__file__).parents[1] / "fixtures" / "releases" / "000_71c7df2a4b118224.txt"


def test_release_id_from_date_and_normalized_title() -> None:
    rid = release_id_for("Australia National Day", dt.date(2018, 1, 24))
    assert rid.startswith("2018-01-24-australia-national-day-")
    assert len(rid.rsplit("-", 1)[1]) == 8
    # Case, spacing, typographic quotes and trailing punctuation do not make a new release.
    assert release_id_for("  australia   NATIONAL day. ", dt.date(2018, 1, 24)) == rid
    assert release_id_for(
        "Secretary Tillerson’s Phone Call", dt.date(2018, 1, 24)
    ) == release_id_for("Secretary Tillerson's Phone Call", dt.date(2018, 1, 24))
    assert release_id_for("Australia National Day", dt.date(2018, 1, 25)) != rid
    assert release_id_for("Australia National Day", None).startswith("undated-australia-")


def test_release_id_of_non_latin_and_long_titles() -> None:
    russian = release_id_for("Заявление МИД России", dt.date(2018, 1, 24))
    assert russian.startswith("2018-01-24-")
    assert russian != release_id_for("Заявление МИД Франции", dt.date(2018, 1, 24))
    long = release_id_for("word " * 60, None)
    assert len(long) < 100


def test_release_id_from_source_id_is_namespaced_by_source() -> None:
    assert release_id_for("x", None, source="cms-1", source_id="123") == "cms-1-123"
    assert release_id_for("x", None, source="cms 2", source_id="a/b c") == "cms-2-a-b-c"


def test_plan_of_the_seed_dump_finds_five_releases_with_ids() -> None:
    items = plan(Submission(body=SEED.read_text(), source="cms"))
    assert [i.title for i in items] == [
        "Secretary Tillerson's Phone Call With Russian Foreign Minister Sergey Lavrov",
        "Australia National Day",
        "Democratic Republic of Congo: Government Repression and Violence Against Peaceful"
        " Protesters",
        "Remarks on Russia's Responsibility for the Ongoing Use of Chemical Weapons in Syria",
        "International Partnership Against Impunity for the Use of Chemical Weapons",
    ]
    assert len({i.release_id for i in items}) == 5
    assert all(i.content is not None and i.content_hash for i in items)
    assert [i.start_line for i in items] == sorted(i.start_line for i in items)
    assert all(i.raw.strip() and i.raw in SEED.read_text() for i in items)


def test_json_release_plans_to_content() -> None:
    body = msgspec.json.encode(
        {
            "title": "T",
            "body": "First paragraph.\n\nSecond one.",
            "kind": "Remarks",
            "byline": "Heather Nauert",
            "date": "2018-01-24",
            "place": "Washington, DC",
            "source_id": "42",
        }
    ).decode()
    (item,) = plan(Submission(body=body, source="wire", format="json"))
    assert item.release_id == "wire-42"
    assert item.content is not None
    assert item.content.body == ("First paragraph.", "Second one.")
    assert item.content.byline.name == "Heather Nauert"
    assert item.content.date == dt.date(2018, 1, 24)
    assert item.warnings == ()


def test_json_release_errors_name_the_field() -> None:
    bad = msgspec.json.encode({"title": "T", "body": ["x"], "date": "24/01/2018"}).decode()
    (item,) = plan(Submission(body=bad, source="wire", format="json"))
    assert item.content is None
    assert item.reasons[0].field == "date"
    assert "date" in item.reasons[0].message
    (empty,) = plan(Submission(body='{"title": "T", "body": []}', source="w", format="json"))
    assert empty.reasons == (Problem(message="no body", line=1, field="body"),)
    (garbage,) = plan(Submission(body="{not json", source="w", format="json"))
    assert garbage.reasons[0].message.startswith("not JSON")
    assert garbage.release_id.startswith("rejected-")


def test_oversized_submission_is_rejected_and_kept_truncated() -> None:
    huge = "# Title\n\n" + "word " * 500_000
    (item,) = plan(Submission(body=huge, source="cms"))
    assert item.content is None
    assert "larger than" in item.reasons[0].message
    assert len(item.raw.encode()) <= 2 * 1024 * 1024


def test_no_release_at_all_is_a_rejection() -> None:
    (item,) = plan(Submission(body="   \n\n", source="cms"))
    assert item.content is None
    assert item.release_id.startswith("rejected-")


def test_inbound_entry_validation_names_the_field() -> None:
    with pytest.raises(SubmissionError, match="source"):
        Submission.from_entry({b"body": b"x"})
    with pytest.raises(SubmissionError, match="format"):
        Submission.from_entry({b"body": b"x", b"source": b"s", b"format": b"pdf"})
    with pytest.raises(SubmissionError, match="embargo_until"):
        Submission.from_entry({b"body": b"x", b"source": b"s", b"embargo_until": b"soon"})
    ok = Submission.from_entry(
        {b"body": b"x", b"source": b"s", b"embargo_until": b"2018-01-24T15:00:00", b"extra": b"1"}
    )
    assert ok.embargo_until == dt.datetime(2018, 1, 24, 15, tzinfo=dt.UTC)


def test_changes_between_versions_name_what_changed() -> None:
    old = content()
    new = content(title="Australia Day", body=(old.body[0], "Edited.", "Added."))
    assert changes_between(old, new) == ("title", "body: 1 paragraph changed, 1 added")
    assert changes_between(old, old) == ()
