"""The benchmark runs end to end on a real server and checks its own work (tiny sizes)."""

from __future__ import annotations

import pytest

from services._bench import run_bench
from services._runtime import Settings

pytestmark = pytest.mark.redis


async def test_bench_measures_every_figure(settings: Settings) -> None:
    steps: list[str] = []
    figures = await run_bench(
        settings,
        events=400,
        releases=20,
        per_release=20,
        batch=100,
        concurrency=4,
        subscribers=20,
        pipeline_subscribers=3,
        progress=steps.append,
    )
    assert [f.figure for f in figures] == [
        "append", "append_batch", "hop", "rebuild", "parse", "parse_cold", "parse_enrich",
        "enrich", "ingest",
        "enrich_hop", "fanout", "fanout_last_ms", "pipeline", "pipeline_p50_ms",
        "pipeline_p99_ms",
    ]  # fmt: skip
    for figure in figures:
        assert figure.value > 0, figure
        if figure.ceiling is None:
            assert figure.ratio is None
        else:
            assert figure.ratio == pytest.approx(figure.value / figure.ceiling, abs=0.001)
    assert len(steps) == 15
