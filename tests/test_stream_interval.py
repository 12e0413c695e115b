"""Page updates while drafts stream: one session gets ~12 a second; with many sessions streaming at
once the app as a whole stays near that rate (each update renders and sends the whole view), but
every session still gets at least one update a second."""

from __future__ import annotations

import pytest

from assistant.services.jobs import JobRefused, JobRegistry
from ui.draft_stream import STREAM_INTERVAL_S, stream_interval


@pytest.mark.parametrize(
    ("streaming", "interval"),
    [
        (0, 0.08),  # the session's own job not registered (yet): as for one
        (1, 0.08),
        (2, 0.16),
        (5, 0.40),
        (12, 0.96),
        (13, 1.0),  # capped: at least one update a second per session
        (20, 1.0),
        (500, 1.0),
    ],
)
def test_the_interval_grows_with_the_sessions_streaming_and_is_capped(streaming: int, interval: float) -> None:
    assert stream_interval(streaming) == pytest.approx(interval)


def test_the_app_wide_update_rate_stays_bounded() -> None:
    for n in range(1, 13):  # up to 12 sessions: about 12.5 updates a second in all
        assert n / stream_interval(n) == pytest.approx(1 / STREAM_INTERVAL_S)
    for n in range(13, 40):  # beyond: one a second each (the cap), never starved
        assert n / stream_interval(n) == pytest.approx(n)


def test_the_registry_counts_the_jobs_running_in_all_sessions() -> None:
    jobs = JobRegistry(per_user=2)
    assert jobs.active() == 0
    a = jobs.start("s-a", user="ann")
    b = jobs.start("s-b", user="bob")
    assert jobs.active() == 2
    with pytest.raises(JobRefused):
        jobs.start("s-a", user="ann")  # refused: not counted
    assert jobs.active() == 2
    jobs.finish(a)
    assert jobs.active() == 1
    jobs.finish(b)
    jobs.finish(b)  # finishing twice changes nothing
    assert jobs.active() == 0
