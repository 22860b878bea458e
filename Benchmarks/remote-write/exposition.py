#!/usr/bin/env python3
"""Serves a fixed exposition of SERIES gauge series on 127.0.0.1:PORT/metrics, values
changing on every scrape, for the remote-write throughput run."""
import http.server, sys, itertools

series = int(sys.argv[2])
counter = itertools.count()

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        n = next(counter)
        lines = [f'bench_value{{shard="{i % 100}",id="{i}"}} {(i * 7 + n) % 1000}\n' for i in range(series)]
        body = "".join(lines).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
