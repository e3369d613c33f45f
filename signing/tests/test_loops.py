"""pyHanko's work goes through asyncio.run, which refuses a thread whose event loop is running (the browser tests
seed the demo, which signs a decision, inside Playwright's): `outside_event_loop` gives such a call a thread."""

import asyncio
import threading

import pytest

from signing.loops import outside_event_loop


async def _answer() -> int:
    return 42


def test_a_call_needing_its_own_event_loop_runs_where_one_is_running():
    async def inside_a_loop():
        refused = _answer()
        with pytest.raises(RuntimeError):
            asyncio.run(refused)  # what pyHanko met
        refused.close()
        return outside_event_loop(asyncio.run, _answer())

    assert asyncio.run(inside_a_loop()) == 42


def test_without_a_running_loop_the_call_stays_in_its_thread_and_its_exception_comes_back():
    assert outside_event_loop(threading.get_ident) == threading.get_ident()

    async def failing():
        raise ValueError("refused")

    async def inside_a_loop():
        outside_event_loop(asyncio.run, failing())

    with pytest.raises(ValueError, match="refused"):
        asyncio.run(inside_a_loop())
