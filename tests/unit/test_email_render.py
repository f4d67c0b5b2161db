"""The e-mail channel's pure parts: rendering, settings, error classes, digest times."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
from email.message import EmailMessage
from html import escape

import aiosmtplib
import msgspec
import pytest

from schemas.delivery import Lineage, NinjsItem
from schemas.state import Correction, ReleaseState, TranslationJob
from services.distribution.email import (
    EmailSendError,
    SmtpSettings,
    classify,
    next_digest_time,
    render_message,
)
from services.distribution.payload import build_item
from tests.samples import T0, content

SETTINGS = SmtpSettings(
    host="smtp.example.org",
    sender="Press Office <press@example.org>",
    unsubscribe_base="https://press.example.org/unsubscribe",
    unsubscribe_mailto="unsubscribe@example.org",
)
SOURCE = "https://www.state.gov/australia-national-day/"
EMBARGO = dt.datetime(2018, 1, 25, 9, 30, tzinfo=dt.UTC)


def state(**changes: object) -> ReleaseState:
    base = {
        "release_id": "r-1",
        "version": 1,
        "status": "published",
        "content": content(),
        "published_at": T0,
        "source_url": SOURCE,
    }
    return ReleaseState(**{**base, **changes})  # type: ignore[arg-type]


def corrected() -> ReleaseState:
    return state(
        version=2,
        content=content(title="Australia Day"),
        corrections=(Correction(version=2, note="Corrected the title.", at=T0),),
    )


def withdrawn() -> ReleaseState:
    return state(status="withdrawn", withdrawn_reason="Issued in error.", withdrawn_at=T0)


def render(
    *items: tuple[NinjsItem, Lineage],
    delivery_ids: tuple[str, ...] = ("dlv-1",),
    settings: SmtpSettings = SETTINGS,
    **options: object,
) -> EmailMessage:
    return render_message(
        to="desk@embassy.example",
        subscriber_id="sub-au",
        subscriber_name="Embassy of Australia",
        items=items or (build_item(state(), notice="release"),),
        delivery_ids=delivery_ids,
        settings=settings,
        **options,  # type: ignore[arg-type]
    )


def wire(message: EmailMessage) -> EmailMessage:
    """The message as a receiving mail system parses it."""
    return email.message_from_bytes(message.as_bytes(), policy=email.policy.default)  # type: ignore[return-value]


def parts(message: EmailMessage) -> tuple[str, str]:
    text, html = message.get_body(("plain",)), message.get_body(("html",))
    assert text is not None
    assert html is not None
    return text.get_content(), html.get_content()


# -- an immediate message, whole ------------------------------------------------------------


def test_an_immediate_release_renders_headers_and_both_parts() -> None:
    received = wire(render())
    headers = {name: str(value) for name, value in received.items()}
    assert re.fullmatch(r"<releasebus\.[0-9a-f]{32}@example\.org>", headers.pop("Message-ID"))
    assert headers.pop("Content-Type").startswith("multipart/alternative;")
    assert headers == {
        "From": "Press Office <press@example.org>",
        "To": "desk@embassy.example",
        "Date": "Wed, 24 Jan 2018 15:00:00 +0000",
        "Subject": "Australia National Day",
        "List-Id": "Press Office <releases.example.org>",
        "List-Unsubscribe": (
            "<https://press.example.org/unsubscribe?subscriber=sub-au>, "
            "<mailto:unsubscribe@example.org?subject=unsubscribe%20sub-au>"
        ),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "X-Releasebus-Delivery": "dlv-1",
        "MIME-Version": "1.0",
    }
    assert [p.get_content_type() for p in received.iter_parts()] == ["text/plain", "text/html"]
    text, html = parts(received)
    assert text == "\n".join(
        (
            "Australia National Day",
            "======================",
            "Press Statement | Washington, DC | 24 January 2018",
            "Rex W. Tillerson, Secretary of State",
            "",
            "On behalf of President Trump …",
            "",
            "The United States and Australia …",
            "",
            f"Source: {SOURCE}",
            "",
            "-- ",
            "Sent to Embassy of Australia.",
            "Unsubscribe: https://press.example.org/unsubscribe?subscriber=sub-au",
            "Unsubscribe: mailto:unsubscribe@example.org?subject=unsubscribe%20sub-au",
            "Delivery: dlv-1",
            "",
        )
    )
    assert html == "\n".join(
        (
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            "<title>Australia National Day</title>",
            "</head>",
            "<body>",
            '<article lang="en" dir="auto">',
            "<h1>Australia National Day</h1>",
            '<p style="color:#555">Press Statement | Washington, DC | 24 January 2018</p>',
            "<p><em>Rex W. Tillerson, Secretary of State</em></p>",
            "<p>On behalf of President Trump …</p>",
            "<p>The United States and Australia …</p>",
            f'<p>Source: <a href="{SOURCE}">{SOURCE}</a></p>',
            "</article>",
            "<hr>",
            '<footer style="color:#555;font-size:small">',
            "<p>Sent to Embassy of Australia. "
            '<a href="https://press.example.org/unsubscribe?subscriber=sub-au">Unsubscribe</a> '
            '<a href="mailto:unsubscribe@example.org?subject=unsubscribe%20sub-au">'
            "Unsubscribe</a></p>",
            "<p>Delivery: dlv-1</p>",
            "</footer>",
            "</body>",
            "</html>",
            "",
        )
    )


def test_html_escapes_what_the_release_says() -> None:
    hostile = state(
        content=content(
            title='Talks <script>alert("x")</script> & more',
            body=("Tom & Jerry <b>met</b>.",),
            byline=content().byline.__class__(name="<i>Office</i>"),
        ),
        source_url="javascript:alert(1)",
    )
    text, html = parts(wire(render(build_item(hostile, notice="release"))))
    assert "<script>" not in html
    assert "<h1>Talks &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more</h1>" in html
    assert "<p>Tom &amp; Jerry &lt;b&gt;met&lt;/b&gt;.</p>" in html
    assert "<p><em>&lt;i&gt;Office&lt;/i&gt;</em></p>" in html
    # Not a link: only web and mail addresses become one.
    assert "<p>Source: javascript:alert(1)</p>" in html
    assert 'Talks <script>alert("x")</script> & more' in text


# -- subjects and notices -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("release", "notice", "withheld_until", "subject"),
    [
        (state(), "release", None, "Australia National Day"),
        (corrected(), "correction", None, "Correction: Australia Day"),
        (withdrawn(), "withdrawal", None, "Withdrawn: Australia National Day"),
        (
            state(),
            "release",
            EMBARGO,
            "EMBARGOED until 25 January 2018, 09:30 UTC: Australia National Day",
        ),
        (
            corrected(),
            "correction",
            EMBARGO,
            "EMBARGOED until 25 January 2018, 09:30 UTC: Correction: Australia Day",
        ),
    ],
)
def test_the_subject_says_what_the_message_is(
    release: ReleaseState, notice: str, withheld_until: dt.datetime | None, subject: str
) -> None:
    item = build_item(release, notice=notice, withheld_until=withheld_until)  # type: ignore[arg-type]
    assert wire(render(item))["Subject"] == subject


def test_a_correction_carries_its_note() -> None:
    text, html = parts(wire(render(build_item(corrected(), notice="correction"))))
    assert text.startswith(
        "CORRECTION: This version corrects version 1: Corrected the title.\n\nAustralia Day\n"
    )
    assert (
        '<p style="border-left:4px solid #b00;padding-left:8px"><strong>CORRECTION</strong>: '
        "This version corrects version 1: Corrected the title.</p>"
    ) in html


def test_a_withdrawal_gives_its_reason_and_no_body() -> None:
    text, html = parts(wire(render(build_item(withdrawn(), notice="withdrawal"))))
    assert text.startswith(
        "WITHDRAWN: This release has been withdrawn; do not use it. Reason: Issued in error.\n"
    )
    assert "On behalf of President Trump" not in text
    assert "Reason: Issued in error." in html
    assert "On behalf of President Trump" not in html


def test_an_early_embargoed_delivery_is_marked_withheld_everywhere() -> None:
    received = wire(render(build_item(state(), notice="release", withheld_until=EMBARGO)))
    text, html = parts(received)
    notice = "Not for publication before 25 January 2018, 09:30 UTC."
    assert received["Subject"].startswith("EMBARGOED until 25 January 2018, 09:30 UTC: ")
    assert text.startswith(f"EMBARGOED: {notice}\n")
    assert f"<strong>EMBARGOED</strong>: {notice}</p>" in html


def test_an_unofficial_translation_says_so() -> None:
    job = TranslationJob(
        job_id="j1",
        language="fr",
        source_revision=1,
        status="approved",
        content=content(title="Fête nationale de l'Australie", language="fr"),
        machine=True,
    )
    item = build_item(state(), notice="release", translation=job)
    received = wire(render(item))
    text, html = parts(received)
    notice = (
        "This is an unofficial machine translation of the original in English. "
        "Only the original is authoritative."
    )
    assert received["Subject"] == "Fête nationale de l'Australie"
    assert text.startswith(f"UNOFFICIAL TRANSLATION: {notice}\n")
    assert f"<strong>UNOFFICIAL TRANSLATION</strong>: {notice}</p>" in html
    assert '<article lang="fr" dir="auto">' in html


# -- digests --------------------------------------------------------------------------------


def test_a_digest_lists_every_item_and_counts_them() -> None:
    items = (
        build_item(state(), notice="release"),
        build_item(state(release_id="r-2", content=content(title="Fiji")), notice="release"),
        build_item(corrected(), notice="correction"),
        build_item(withdrawn(), notice="withdrawal"),
    )
    received = wire(
        render(
            *items,
            delivery_ids=("dlv-1", "dlv-2", "dlv-3", "dlv-4"),
            digest_date=dt.date(2026, 11, 28),
        )
    )
    text, html = parts(received)
    assert received["Subject"] == (
        "Daily digest, 28 November 2026 (2 releases, 1 correction, 1 withdrawal)"
    )
    assert received["X-Releasebus-Delivery"] == "dlv-1, dlv-2, dlv-3, dlv-4"
    assert text.startswith(
        "\n".join(
            (
                "Daily digest, 28 November 2026",
                "==============================",
                "For Embassy of Australia",
                "",
                "1. Australia National Day",
                "2. Fiji",
                "3. Correction: Australia Day",
                "4. Withdrawn: Australia National Day",
                "",
            )
        )
    )
    for heading in ("1. Australia National Day", "2. Fiji", "3. Australia Day"):
        assert f"\n{heading}\n" in text
    assert "CORRECTION: This version corrects version 1: Corrected the title." in text
    assert "WITHDRAWN: This release has been withdrawn" in text
    assert text.endswith("Delivery: dlv-1, dlv-2, dlv-3, dlv-4\n")
    assert "<h1>Daily digest, 28 November 2026</h1>" in html
    assert re.findall(r"<h2>(.*?)</h2>", html) == [
        "Australia National Day",
        "Fiji",
        "Australia Day",
        "Australia National Day",
    ]
    assert '<li><a href="#item-3">Correction: Australia Day</a></li>' in html
    assert html.count("<article") == 4


def test_a_digest_of_releases_only_counts_releases() -> None:
    items = [
        build_item(state(release_id=f"r-{n}", content=content(title=f"R{n}")), notice="release")
        for n in range(5)
    ]
    message = render(
        *items, delivery_ids=tuple(f"dlv-{n}" for n in range(5)), digest_date=dt.date(2026, 11, 28)
    )
    assert message["Subject"] == "Daily digest, 28 November 2026 (5 releases)"


def test_one_item_with_a_digest_date_is_a_digest_of_one() -> None:
    message = render(build_item(state(), notice="release"), digest_date=dt.date(2026, 11, 28))
    assert message["Subject"] == "Daily digest, 28 November 2026 (1 release)"


def test_several_items_without_a_date_are_a_digest_of_the_day_they_are_sent() -> None:
    items = (build_item(state(), notice="release"), build_item(corrected(), notice="correction"))
    sent_at = dt.datetime(2026, 11, 28, 7, 0, tzinfo=dt.UTC)
    message = wire(render(*items, delivery_ids=("dlv-1", "dlv-2"), sent_at=sent_at))
    assert message["Subject"] == "Daily digest, 28 November 2026 (1 release, 1 correction)"
    assert message["Date"] == "Sat, 28 Nov 2026 07:00:00 +0000"


# -- identity and unsubscribing -------------------------------------------------------------


def test_the_same_delivery_renders_the_same_message_id_and_bytes() -> None:
    first, again = render(), render()
    assert first["Message-ID"] == again["Message-ID"]
    assert first.as_bytes() == again.as_bytes()
    assert render(delivery_ids=("dlv-2",))["Message-ID"] != first["Message-ID"]


def test_a_digest_message_id_depends_on_its_deliveries_not_their_order() -> None:
    items = (build_item(state(), notice="release"), build_item(corrected(), notice="correction"))
    ab = render(*items, delivery_ids=("dlv-a", "dlv-b"))
    ba = render(*items, delivery_ids=("dlv-b", "dlv-a"))
    ac = render(*items, delivery_ids=("dlv-a", "dlv-c"))
    assert ab["Message-ID"] == ba["Message-ID"] != ac["Message-ID"]


@pytest.mark.parametrize(
    ("base", "mailto", "expected", "one_click"),
    [
        (
            "https://press.example.org/u",
            None,
            "<https://press.example.org/u?subscriber=sub-au>",
            True,
        ),
        (
            "https://press.example.org/u?list=press",
            None,
            "<https://press.example.org/u?list=press&subscriber=sub-au>",
            True,
        ),
        (
            None,
            "mailto:leave@example.org",
            "<mailto:leave@example.org?subject=unsubscribe%20sub-au>",
            False,
        ),
        (None, None, None, False),
    ],
)
def test_list_unsubscribe_offers_what_is_configured(
    base: str | None, mailto: str | None, expected: str | None, one_click: bool
) -> None:
    settings = msgspec.structs.replace(SETTINGS, unsubscribe_base=base, unsubscribe_mailto=mailto)
    received = wire(render(settings=settings))
    assert received["List-Unsubscribe"] == expected
    assert received["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click" if one_click else None
    )


def test_a_long_unsubscribe_url_goes_out_unencoded() -> None:
    # Clients read List-Unsubscribe raw; an encoded word in it would be a broken link.
    base = "https://press.example.org/" + "a-very-long-path/" * 6 + "unsubscribe"
    settings = msgspec.structs.replace(SETTINGS, unsubscribe_base=base)
    raw = render(settings=settings).as_bytes()
    assert f"List-Unsubscribe: <{base}?subscriber=sub-au>,\n <mailto:".encode() in raw
    assert b"=?utf-8?" not in raw.split(b"\n\n")[0].split(b"List-Unsubscribe:")[1]


# -- non-ASCII ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "title", "paragraphs", "subscriber"),
    [
        (
            "fr",
            "Déclaration à la presse : la journée nationale de l'Australie, célébrée à Canberra",
            ("Au nom du Président, je félicite le peuple australien.", "« Ensemble » — été."),
            "Ambassade de France à Pékin",
        ),
        (
            "ar",
            "بيان صحفي بشأن اليوم الوطني لأستراليا وبيان صحفي بشأن العلاقات الثنائية",
            ("بالنيابة عن الرئيس، أهنئ شعب أستراليا.", "الفقرة الثانية."),
            "سفارة أستراليا",
        ),
        (
            "zh",
            "新闻稿：澳大利亚国庆日 美国与澳大利亚的伙伴关系 新闻稿：澳大利亚国庆日",
            ("我谨代表总统向澳大利亚人民致以祝贺。", "第二段。"),
            "澳大利亚大使馆",
        ),
    ],
)
def test_non_ascii_titles_and_bodies_round_trip(
    language: str, title: str, paragraphs: tuple[str, ...], subscriber: str
) -> None:
    release = state(content=content(title=title, language=language, body=paragraphs))
    for notice in ("release", "correction"):
        message = render_message(
            to="desk@embassy.example",
            subscriber_id="sub-1",
            subscriber_name=subscriber,
            items=[build_item(release, notice=notice, withheld_until=EMBARGO)],  # type: ignore[arg-type]
            delivery_ids=["dlv-1"],
            settings=SETTINGS,
        )
        raw = message.as_bytes()
        assert raw.isascii()  # 7-bit clean: any relay carries it unchanged
        received = wire(message)
        prefix = "Correction: " if notice == "correction" else ""
        assert received["Subject"] == (
            f"EMBARGOED until 25 January 2018, 09:30 UTC: {prefix}{title}"
        )
        text, html = parts(received)
        for part, shown in ((text, str), (html, escape)):
            assert shown(title) in part
            assert shown(subscriber) in part
            for paragraph in paragraphs:
                assert shown(paragraph) in part


def test_render_refuses_an_empty_message() -> None:
    with pytest.raises(ValueError, match="no items"):
        render_message(
            to="a@example.org",
            subscriber_id="s",
            subscriber_name="S",
            items=[],
            delivery_ids=["d"],
            settings=SETTINGS,
        )


# -- settings -------------------------------------------------------------------------------


def test_settings_from_env() -> None:
    assert SmtpSettings.from_env({}) is None
    env = {
        "RELEASEBUS_SMTP_HOST": "mail.example.org",
        "RELEASEBUS_SMTP_PORT": "587",
        "RELEASEBUS_SMTP_USERNAME": "press",
        "RELEASEBUS_SMTP_PASSWORD": "hunter2",
        "RELEASEBUS_SMTP_STARTTLS": "true",
        "RELEASEBUS_SMTP_TLS": "false",
        "RELEASEBUS_SMTP_FROM": "Press Office <press@example.org>",
        "RELEASEBUS_UNSUBSCRIBE_URL": "https://press.example.org/unsubscribe",
        "RELEASEBUS_UNSUBSCRIBE_MAILTO": "unsubscribe@example.org",
    }
    assert SmtpSettings.from_env(env) == SmtpSettings(
        host="mail.example.org",
        port=587,
        username="press",
        password="hunter2",
        starttls=True,
        use_tls=False,
        sender="Press Office <press@example.org>",
        unsubscribe_base="https://press.example.org/unsubscribe",
        unsubscribe_mailto="unsubscribe@example.org",
    )


def test_settings_never_show_the_password() -> None:
    settings = SmtpSettings(host="h", username="press", password="hunter2")
    assert "hunter2" not in repr(settings)
    assert "hunter2" not in str(settings)
    assert "password='***'" in repr(settings)


@pytest.mark.parametrize(
    "env",
    [
        {"RELEASEBUS_SMTP_STARTTLS": "1", "RELEASEBUS_SMTP_TLS": "1"},
        {"RELEASEBUS_SMTP_PORT": "submission"},
    ],
)
def test_settings_refuse_nonsense(env: dict[str, str]) -> None:
    with pytest.raises(ValueError, match=r"SMTP settings|exclusive"):
        SmtpSettings.from_env({"RELEASEBUS_SMTP_HOST": "h", **env})


# -- classifying failures -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (
            aiosmtplib.SMTPDataError(451, "4.3.0 Try again later"),
            (True, "SMTP 451 4.3.0 Try again later"),
        ),
        (
            aiosmtplib.SMTPSenderRefused(550, "5.7.1 Not allowed", "press@example.org"),
            (False, "SMTP 550 5.7.1 Not allowed"),
        ),
        (
            aiosmtplib.SMTPAuthenticationError(535, "5.7.8 Bad credentials"),
            (False, "SMTP 535 5.7.8 Bad credentials"),
        ),
        (
            aiosmtplib.SMTPRecipientsRefused(
                [aiosmtplib.SMTPRecipientRefused(550, "5.1.1 No such user", "a@example.org")]
            ),
            (False, "all recipients refused (a@example.org: 550 5.1.1 No such user)"),
        ),
        (
            aiosmtplib.SMTPRecipientsRefused(
                [
                    aiosmtplib.SMTPRecipientRefused(550, "5.1.1 No such user", "a@example.org"),
                    aiosmtplib.SMTPRecipientRefused(452, "4.2.2 Mailbox full", "b@example.org"),
                ]
            ),
            (
                True,
                "all recipients refused (a@example.org: 550 5.1.1 No such user; "
                "b@example.org: 452 4.2.2 Mailbox full)",
            ),
        ),
        (aiosmtplib.SMTPReadTimeoutError("Timed out"), (True, "SMTP timeout: Timed out")),
        (TimeoutError(), (True, "SMTP timeout")),
        (
            aiosmtplib.SMTPConnectError("Error connecting to h on port 25: refused"),
            (True, "SMTP connection failed: Error connecting to h on port 25: refused"),
        ),
        (
            aiosmtplib.SMTPServerDisconnected("Connection lost"),
            (True, "SMTP connection failed: Connection lost"),
        ),
        (
            aiosmtplib.SMTPNotSupported("STARTTLS extension not supported by server."),
            (
                False,
                "SMTP server lacks a required feature: STARTTLS extension not supported by server.",
            ),
        ),
        (ValueError("bad address"), (False, "ValueError: bad address")),
        (EmailSendError("gone", retryable=True), (True, "gone")),
    ],
)
def test_classify(exc: BaseException, expected: tuple[bool, str]) -> None:
    assert classify(exc) == expected


# -- when the digest goes out ---------------------------------------------------------------


def at(day: int, hour: int, minute: int, second: int = 0, micro: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, second, micro, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("now", "digest_at", "expected"),
    [
        (at(28, 6, 0), "07:00", at(28, 7, 0)),
        (at(28, 7, 0), "07:00", at(28, 7, 0)),  # due now: not a day away
        (at(28, 7, 0, 0, 1), "07:00", at(29, 7, 0)),
        (at(28, 23, 59, 59), "00:00", at(29, 0, 0)),
        (at(28, 0, 0), "00:00", at(28, 0, 0)),
        (at(30, 8, 0), "07:00", dt.datetime(2026, 12, 1, 7, 0, tzinfo=dt.UTC)),
        (
            dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC),
            "23:29",
            dt.datetime(2027, 1, 1, 23, 29, tzinfo=dt.UTC),
        ),
        # 08:30 in Paris (UTC+1 in November) is 07:30 UTC: past today's 07:00 UTC.
        (
            dt.datetime(2026, 11, 28, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
            "07:00",
            at(29, 7, 0),
        ),
    ],
)
def test_next_digest_time(now: dt.datetime, digest_at: str, expected: dt.datetime) -> None:
    got = next_digest_time(now, digest_at)
    assert got == expected
    assert got.tzinfo is dt.UTC


@pytest.mark.parametrize("digest_at", ["7:00", "24:00", "07:60", "0700", "", "07:00:00"])
def test_next_digest_time_refuses_a_malformed_time(digest_at: str) -> None:
    with pytest.raises(ValueError, match="HH:MM"):
        next_digest_time(at(28, 6, 0), digest_at)


def test_next_digest_time_refuses_a_naive_now() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        next_digest_time(dt.datetime(2026, 11, 28, 6, 0), "07:00")
