"""Server-rendered HTML: one layout (``templates/layout.html``) and a few escaping helpers.

No template engine and no front-end build: pages are built from small Python functions that
escape every value they insert (:func:`e`), then placed in the layout with
:class:`string.Template`.
"""

from __future__ import annotations

import datetime as dt
import html
from functools import cache
from pathlib import Path
from string import Template
from typing import Final

__all__ = ["NAV", "e", "page", "status_badge", "when"]

_TEMPLATES: Final = Path(__file__).with_name("templates")

#: The console's sections: (path, label).
NAV: Final = (
    ("/console", "Releases"),
    ("/console/groups", "Consumer groups"),
    ("/console/dead-letters", "Dead letters"),
    ("/console/translations", "Translation queue"),
    ("/console/subscribers", "Subscribers"),
    ("/docs", "Docs"),
)


@cache
def _layout() -> Template:
    return Template((_TEMPLATES / "layout.html").read_text(encoding="utf-8"))


def e(value: object) -> str:
    """Escape a value for HTML text or a quoted attribute; None is empty."""
    return "" if value is None else html.escape(str(value), quote=True)


def when(value: dt.datetime | None) -> str:
    return "" if value is None else value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def status_badge(status: str) -> str:
    return f'<span class="status {e(status)}">{e(status)}</span>'


def page(
    title: str,
    body: str,
    *,
    here: str | None = None,
    who: str | None = None,
    refresh_s: int | None = None,
    nav: bool = True,
) -> str:
    """A whole page: ``body`` is HTML already escaped by the caller."""
    links = (
        " ".join(
            f'<a href="{path}"{" class=here" if path == here else ""}>{e(label)}</a>'
            for path, label in NAV
        )
        if nav
        else ""
    )
    signed_in = (
        f'{e(who)} <form class="inline" method="post" action="/console/logout">'
        '<button type="submit">Sign out</button></form>'
        if who
        else ""
    )
    refresh = f'<meta http-equiv="refresh" content="{refresh_s}">' if refresh_s else ""
    return _layout().substitute(
        title=e(title), nav=links, who=signed_in, body=body, refresh=refresh
    )
