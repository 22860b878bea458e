#!/usr/bin/env python3
"""A remote-write sink for throughput runs: accepts POSTs on 127.0.0.1:PORT, answers
204 without decoding, and counts requests and body bytes (printed on SIGTERM), so the
figures measure the sender, not a receiver's storage."""
import asyncio, signal, sys

requests = 0
body_bytes = 0

async def handle(reader, writer):
    global requests, body_bytes
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            requests += 1
            body_bytes += length
            writer.write(b"HTTP/1.1 204 No Content\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()

async def main(port):
    server = await asyncio.start_server(handle, "127.0.0.1", port)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with server:
        await stop.wait()
    print(f"requests={requests} bytes={body_bytes}", flush=True)

asyncio.run(main(int(sys.argv[1])))
