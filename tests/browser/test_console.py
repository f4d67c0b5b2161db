"""The operator console in a real headless browser (Debian's chromium, driven by Playwright).

The bus, the API and a webhook receiver run in the test's event loop against a real server;
the browser signs in, submits a release, watches it get enriched and delivered, and uses the
other pages (consumer groups, dead letters with retry, translation queue, subscribers).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser, Locator, Page, async_playwright, expect

from schemas.subscribers import SubscriberSpec
from services._runtime import Bus
from services.api.auth import ApiKeys
from services.api.server import serving
from services.distribution.receiver import WebhookReceiver
from tests.integration.test_api import stop_bus
from tests.samples import AUSTRALIA_DAY as RELEASE

pytestmark = pytest.mark.redis

CHROMIUM = "/usr/bin/chromium"  # installed by .ci/run (Debian package `chromium`)


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    if not os.path.exists(CHROMIUM):  # noqa: ASYNC240 - one stat before the browser starts
        # CI installs the browser and must run this test; on a machine without it the rest of
        # the suite still runs, and the skip says what is missing.
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium to run the browser test")
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            yield launched
        finally:
            await launched.close()


@pytest.fixture
async def site(bus: Bus) -> AsyncIterator[str]:
    """Every service running, and the API and console served on a free port."""
    stop = asyncio.Event()
    running = asyncio.create_task(bus.run(stop))
    try:
        async with serving(bus) as url:
            yield url
    finally:
        await stop_bus(stop, running)


@pytest.fixture
async def receiver(bus: Bus) -> AsyncIterator[WebhookReceiver]:
    secrets: dict[str, str] = {}
    hooks = WebhookReceiver(secrets.get)
    await hooks.start()
    subscriber, secret = await bus.registry.register(
        SubscriberSpec(
            name="Embassy of Australia",
            kind="embassy",
            webhook_url=hooks.url("embassy-au"),
            countries=("AU",),
            allow_private=True,
        ),
        subscriber_id="embassy-au",
    )
    assert secret is not None
    secrets[subscriber.subscriber_id] = secret
    yield hooks
    await hooks.stop()


async def sign_in(page: Page, url: str, key: str) -> None:
    await page.goto(f"{url}/console")
    await expect(page).to_have_url(f"{url}/console/login?next=%2Fconsole")
    await page.get_by_label("API key").fill(key)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page).to_have_url(f"{url}/console")
    await expect(page.get_by_role("heading", name="Releases")).to_be_visible()


async def reload_until(page: Page, locator: Locator, text: str, within: float = 20) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        try:
            await expect(locator).to_contain_text(text, timeout=1_000)
            return
        except AssertionError:
            if asyncio.get_running_loop().time() > deadline:
                raise
            await page.reload()


async def test_submit_see_enriched_see_deliveries(
    bus: Bus, site: str, receiver: WebhookReceiver, browser: Browser
) -> None:
    keys = ApiKeys(bus.redis, bus.keys, bus.clock)
    _, operator = await keys.create("operator", "console operator")
    _, reader = await keys.create("reader", "a reader")
    page = await browser.new_page()

    # A reader key is refused; an operator key signs in.
    await page.goto(f"{site}/console/login")
    await page.get_by_label("API key").fill(reader)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("alert")).to_contain_text("needs an operator key")
    await sign_in(page, site, operator)
    await expect(page.locator("#releases")).to_contain_text("no releases yet")

    # Submit a release from the console.
    await page.get_by_label("release text").fill(RELEASE)
    await page.get_by_role("button", name="Submit").click()
    await expect(page.get_by_role("heading", name="Australia National Day")).to_be_visible()
    await expect(page.get_by_role("status")).to_contain_text("appended")

    # The page refreshes itself until enrichment and delivery are done.
    timeline = page.locator("#timeline")
    await expect(timeline).to_contain_text("ReleaseSubmitted")
    await expect(timeline).to_contain_text("ReleaseEnriched", timeout=20_000)
    state = page.locator("#state")
    await expect(state).to_contain_text("AU US")  # the countries it is about
    await expect(state).to_contain_text("published")
    # Distribution plans deliveries after publication; the operator reloads to see them.
    deliveries = page.locator("#deliveries tr", has_text="embassy-au")
    await reload_until(page, deliveries, "delivered")
    await expect(timeline).to_contain_text("DeliverySucceeded")
    assert [(r.path, r.verified) for r in receiver.received] == [("embassy-au", True)]

    # The release list shows it with its status and deliveries.
    await page.get_by_role("link", name="Releases").first.click()
    row = page.locator("#releases tr", has_text="Australia National Day")
    await expect(row).to_contain_text("published")
    await expect(row).to_contain_text("delivered")

    # Resend from the release page: the same delivery goes out again.
    await row.get_by_role("link").first.click()
    await page.get_by_role("button", name="Resend").click()
    await expect(page.get_by_role("status")).to_contain_text("queued again")
    await receiver.wait_for(2)
    assert receiver.received[1].delivery_id == receiver.received[0].delivery_id

    # Consumer groups with lag and pending.
    await page.get_by_role("link", name="Consumer groups").click()
    groups = page.locator("#groups")
    for group in ("ingestion", "enrichment", "distribution", "projector"):
        await expect(groups).to_contain_text(group)

    # Translation queue and subscribers.
    await page.get_by_role("link", name="Translation queue").click()
    await expect(page.locator("#translations")).to_be_visible()
    await page.get_by_role("link", name="Subscribers").click()
    await expect(page.locator("#subscribers")).to_contain_text("Embassy of Australia")

    # A dead letter, and its retry button (it fails again: the entry is unreadable).
    await bus.redis.xadd(bus.keys.log(0), {"type": "Nonsense", "v": "1", "data": "{}"})

    async def dead() -> bool:
        return len(await bus.dead_letters()) >= 1

    deadline = asyncio.get_running_loop().time() + 20
    while not await dead():
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.05)
    await page.get_by_role("link", name="Dead letters").click()
    letters = page.locator("#dead-letters")
    await expect(letters).to_contain_text("undecodable entry")
    await letters.get_by_role("button", name="Retry").first.click()
    await expect(page.get_by_role("alert")).to_contain_text("failed again")

    # Signing out ends the session.
    await page.get_by_role("button", name="Sign out").click()
    await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    await page.goto(f"{site}/console/groups")
    await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    await page.close()
