"""pyHanko does its work through `asyncio.run`, which refuses a thread that already runs an event loop (an ASGI
server's, or Playwright's in the browser tests while they build the demo): there the call runs in a thread of
its own, and its result or exception comes back unchanged."""

import asyncio
import concurrent.futures


def outside_event_loop(call, /, *args, **kwargs):
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call, *args, **kwargs).result()
