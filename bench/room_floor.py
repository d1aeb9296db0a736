"""The floor of the room benchmark: the least a server can do for a phone's tap.

``python -m bench.room_floor DB PORT``: an aiohttp server whose every POST commits one
row with raw ``sqlite3`` (the store's PRAGMAs) on one thread and answers a line of JSON;
it prints ``ready`` once it listens.
"""

import asyncio
import contextlib
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from aiohttp import web

from bench.store_bench import RawFloor


def main(db: str, port: int) -> None:
    thread = ThreadPoolExecutor(1)
    raw = thread.submit(RawFloor, Path(db)).result()  # sqlite3 stays on its thread

    async def tap(request: web.Request) -> web.Response:
        await request.post()
        await asyncio.get_running_loop().run_in_executor(thread, raw.add)
        return web.json_response({"said": "saved"})

    async def serve() -> None:
        app = web.Application()
        app.add_routes([web.post("/{any}", tap)])
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        print("ready", flush=True)
        await asyncio.Event().wait()

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C (SIGINT) ends it
        asyncio.run(serve())


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
