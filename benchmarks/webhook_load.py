"""Signed Twilio webhook load on loopback against gunicorn with 2 workers.

    .venv/bin/python benchmarks/webhook_load.py [--rate 50] [--duration 60] [--data ../shared/data]

Builds a temporary database with the real Manchester data imported (`navigator import all`),
starts `gunicorn -w 2 'navigator:create_app()'` on 127.0.0.1, then:
1. an open-loop run: requests scheduled at --rate per second for --duration seconds (latency
   is measured from each request's scheduled time, so a stall is not hidden), and
2. a short closed-loop saturation run with --concurrency clients, for the ceiling.
Prints throughput, p50/p99 latency and errors. Loopback only; everything is bounded.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TOKEN = "bench-token-not-secret"
MESSAGES = [
    "sore throat",
    "30",
    "M14 5",
    "I feel lonely",
    "Gorton",
    "toothache im in M22",
    "my baby has a temperature of 38",
    "cant afford food, M18 8",
    "YES",
    "worse",
    "chest pain and sweating",
    "HELP",
    "i have a rash on my arm",
    "M13 9",
    "STOP",
]
PHONES = 400  # distinct residents, so conversations move through their states


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Client:
    def __init__(self, port: int):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.validator = RequestValidator(TOKEN)
        self.counter = itertools.count()
        self.lock = threading.Lock()

    def one(self) -> tuple[float, bool]:
        with self.lock:
            n = next(self.counter)
        params = {
            "From": f"+4477009{n % PHONES:05d}",
            "To": "+447700900999",
            "Body": MESSAGES[n % len(MESSAGES)],
            "MessageSid": f"SMbench{n:026d}",
        }
        body = urllib.parse.urlencode(params)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": self.validator.compute_signature(
                self.base + "/sms/inbound", params
            ),
        }
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            conn.request("POST", "/sms/inbound", body, headers)
            response = conn.getresponse()
            data = response.read()
            ok = response.status == 200 and b"<Message>" in data and b"Sorry, we cannot" not in data
        except OSError:
            ok = False
        finally:
            conn.close()
        return time.perf_counter() - started, ok


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def open_loop(client: Client, rate: float, duration: float) -> None:
    total = int(rate * duration)
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    start = time.perf_counter() + 0.2

    def fire(i: int) -> None:
        nonlocal errors
        scheduled = start + i / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        _, ok = client.one()
        with lock:
            latencies.append(time.perf_counter() - scheduled)
            errors += not ok

    with ThreadPoolExecutor(max_workers=64) as pool:
        list(pool.map(fire, range(total)))
    elapsed = time.perf_counter() - start
    p50 = 1000 * statistics.median(latencies)
    print(
        f"open loop: {total} requests at {rate:g}/s for {duration:g}s -> "
        f"{total / elapsed:.1f} req/s achieved, p50 {p50:.1f} ms, "
        f"p99 {1000 * _percentile(latencies, 0.99):.1f} ms, max {1000 * max(latencies):.1f} ms, "
        f"errors {errors}"
    )


def saturation(client: Client, concurrency: int, seconds: float) -> None:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker() -> None:
        nonlocal errors
        while time.perf_counter() < stop:
            took, ok = client.one()
            with lock:
                latencies.append(took)
                errors += not ok

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    print(
        f"saturation: {concurrency} clients for {seconds:g}s -> {len(latencies) / elapsed:.1f} "
        f"req/s, p50 {1000 * statistics.median(latencies):.1f} ms, "
        f"p99 {1000 * _percentile(latencies, 0.99):.1f} ms, errors {errors}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--saturation-seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    args = parser.parse_args()
    if args.rate > 500 or args.duration > 600:
        parser.error("bounded: at most 500 requests a second for 10 minutes")

    workdir = Path(tempfile.mkdtemp(prefix="navigator-bench-"))
    port = _free_port()
    env = {
        **os.environ,
        "NAVIGATOR_DATABASE": str(workdir / "bench.sqlite3"),
        "TWILIO_AUTH_TOKEN": TOKEN,
        "NAVIGATOR_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "NAVIGATOR_SMS_BACKEND": "outbox",
    }
    server = None
    try:
        began = time.perf_counter()
        subprocess.run(
            [BIN / "navigator", "import", "all", args.data],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"imported {args.data} in {time.perf_counter() - began:.1f}s")
        server = subprocess.Popen(
            [
                BIN / "gunicorn",
                "-w",
                str(args.workers),
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "navigator:create_app()",
            ],
            env=env,
            cwd=ROOT,
        )
        client = Client(port)
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.2)
        for _ in range(20):  # warm both workers' caches (gazetteer, knowledge, spelling)
            client.one()
        print(f"gunicorn: {args.workers} workers on 127.0.0.1:{port}; {os.cpu_count()} cores")
        open_loop(client, args.rate, args.duration)
        saturation(client, args.concurrency, args.saturation_seconds)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
