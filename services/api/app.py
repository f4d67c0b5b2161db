"""The Litestar application: :func:`create_app` wires the routes to one bus.

The app holds no state of its own beyond caches: every route calls the functions the CLI
calls, on the bus it is given (``open_bus``). Run it with :func:`services.api.server.serve`
(``releasebus up`` does), or hand it to any ASGI server.
"""

from __future__ import annotations

from typing import Any, Final

import msgspec
from litestar import Litestar, get
from litestar.datastructures import State
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme, Tag
from litestar.response import Redirect

from schemas.inbound import MAX_SUBMISSION_BYTES, InboundByline, InboundFootnote, InboundRelease
from services._runtime import Bus, Settings
from services.api import console, docs, health, operations, releases, translations
from services.api.context import Api
from services.api.feeds import feed_routes
from services.api.problems import exception_handlers
from services.publishing import ChangeRefused
from services.translation.jobs import TranslationRefused

__all__ = ["MAX_BODY_BYTES", "create_app"]

#: A submission may be 2 MiB of text; JSON escaping and the other fields need some room.
MAX_BODY_BYTES: Final = MAX_SUBMISSION_BYTES + 256 * 1024

_DESCRIPTION: Final = """\
Press releases in, enriched and translated releases out, on Redis streams.

Authenticate with an API key: `Authorization: Bearer <key>` (or `X-API-Key: <key>`). Keys have
a role (reader, publisher, translator, operator) and are made with
`releasebus keys create --role …`. Feeds are public unless configured otherwise.
Errors are RFC 9457 problem details (`application/problem+json`); `invalid_params` names the
bad field. The streams and events are documented in AsyncAPI 3.0 at `/docs/events`.
"""


def _inbound_schemas() -> dict[str, Any]:
    """The structured release's JSON Schema for the OpenAPI document (a raw-body route)."""
    _, components = msgspec.json.schema_components(
        [InboundRelease, InboundByline, InboundFootnote],
        ref_template="#/components/schemas/{name}",
    )
    return components


@get("/", include_in_schema=False)
async def root() -> Redirect:
    return Redirect("/console", status_code=303)


def create_app(bus: Bus, settings: Settings | None = None) -> Litestar:
    """The API and console on ``bus`` (``settings``: the bus's own unless given)."""
    settings = settings or bus.settings
    api = Api(bus, settings)
    openapi = OpenAPIConfig(
        title="releasebus",
        version="0.1.0",
        description=_DESCRIPTION,
        path="/docs/api",
        render_plugins=[SwaggerRenderPlugin(path="/"), JsonRenderPlugin()],
        components=Components(
            # Plain JSON Schema objects from msgspec: Litestar serializes them as given.
            schemas=_inbound_schemas(),
            security_schemes={
                "apiKey": SecurityScheme(type="http", scheme="bearer", description="An API key")
            },
        ),
        security=[{"apiKey": []}],
        tags=[
            Tag(name="publishing", description="Publishers: submit, correct, withdraw"),
            Tag(name="reading", description="Readers: releases, state, history"),
            Tag(name="feeds", description="Atom, RSS 2.0 and JSON Feed"),
            Tag(name="translation", description="Translators: the queue, claims, reviews"),
            Tag(name="subscribers", description="Operators: who receives what"),
            Tag(name="operating", description="Operators: groups, dead letters, replays"),
            Tag(name="health", description="Probes and metrics"),
            Tag(name="docs", description="This documentation and the AsyncAPI document"),
        ],
        use_handler_docstrings=True,
    )
    return Litestar(
        route_handlers=[
            root,
            *releases.ROUTES,
            *feed_routes(public=settings.public_feeds),
            *operations.ROUTES,
            *translations.ROUTES,
            *health.ROUTES,
            *docs.ROUTES,
            *console.ROUTES,
        ],
        exception_handlers=exception_handlers(
            html=console.html_errors,
            refusals={
                ChangeRefused: releases.refusal_problem,
                TranslationRefused: translations.refusal_problem,
            },
        ),
        request_max_body_size=MAX_BODY_BYTES,
        openapi_config=openapi,
        state=State({"api": api, "api_keys": api.keys}),
        logging_config=None,
        debug=False,
    )
