"""Nodes bench: public-page throughput of two web nodes side by side against one node (issue 20).

    make bench                      (runs this after the other benches)
    DATABASE_URL=… REDIS_URL=… .venv/bin/python bench/nodes_bench.py

Uses http_bench's database (100,000 decisions, built once and kept). A node is one gunicorn server with
LGL_BENCH_NODE_WORKERS processes (default 1) × 4 threads, all nodes sharing that PostgreSQL database and one Redis
(page cache and content version). The load is wrk with 2 threads × CONNECTIONS connections in total:
- one node: one wrk against it;
- two nodes: round-robin by connection, as DNS round-robin or a proxy's per-connection balancing would do:
  two wrk processes of 1 thread × CONNECTIONS/2 connections each, one per node, run at the same moment; the
  throughput is their sum. (A proxy written in Python on this machine would itself be the bottleneck; the
  production proxy is Caddy, deploy/Caddyfile.)
The printed ratio two/one is near 2 when nothing serialises across nodes and the cores are free; on a machine
with as many cores as the load needs it is bounded by the cores, not by the portal (see README).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench import http_bench  # noqa: E402 - the bench directory is not on the path when run as a script

PYTHON = sys.executable
NODE_WORKERS = int(os.environ.get("LGL_BENCH_NODE_WORKERS", "1"))
DURATION = http_bench.DURATION
ROUNDS = http_bench.ROUNDS
CONNECTIONS = http_bench.CONNECTIONS


def _wrk(
    port: int, paths: list[str], tmp: Path, *, threads: int, connections: int, tag: str, unique: bool
) -> subprocess.Popen:
    script = tmp / f"paths-{tag}.lua"
    # With `unique` every request's URL is new to the shared page cache (see http_bench.LUA), on both nodes.
    run = json.dumps(http_bench.run_tag() if unique else "")
    script.write_text(http_bench.LUA % ("{" + ",".join(json.dumps(p, ensure_ascii=True) for p in paths) + "}", run))
    return subprocess.Popen(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{DURATION}s", "--timeout", "10s", "-s", str(script),
         f"http://127.0.0.1:{port}"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip


def _result(process: subprocess.Popen) -> dict[str, float]:
    out, _ = process.communicate()
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    rps, p50, _p95, p99, errors, non2xx = line.split()[1:]
    return {"rps": float(rps), "p50": int(p50) / 1000, "p99": int(p99) / 1000, "errors": int(errors) + int(non2xx)}


def _load(ports: list[int], paths: list[str], tmp: Path, *, unique: bool) -> dict[str, float]:
    """All nodes at once, the connections split evenly; throughput summed, latency the worst node's."""
    threads = max(2 // len(ports), 1)
    running = [
        _wrk(port, paths, tmp, threads=threads, connections=CONNECTIONS // len(ports), tag=str(port), unique=unique)
        for port in ports
    ]
    results = [_result(process) for process in running]
    return {
        "rps": sum(r["rps"] for r in results),
        "p50": max(r["p50"] for r in results),
        "p99": max(r["p99"] for r in results),
        "errors": sum(r["errors"] for r in results),
    }


def _node(port: int, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "lgl_portal.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(NODE_WORKERS),
         "-k", "gthread", "--threads", "4", "--log-level", "warning"],
        env=env, cwd=ROOT,
    )  # fmt: skip


def main() -> None:
    # gunicorn also reads ./gunicorn.conf.py: its access log would drown the figures.
    env = {**http_bench._env(), "GUNICORN_ACCESS_LOG": ""}
    script = str(HERE / "http_bench.py")
    subprocess.run([PYTHON, script, "--ensure-db"], env=env, check=True, cwd=ROOT)
    if subprocess.run([PYTHON, script, "--load"], env=env, cwd=ROOT).returncode != 0:
        subprocess.run([PYTHON, script, "--recreate-db"], env=env, check=True, cwd=ROOT)
        subprocess.run([PYTHON, script, "--load"], env=env, check=True, cwd=ROOT)
    explained = subprocess.run(
        [PYTHON, script, "--explain"], env=env, check=True, cwd=ROOT, capture_output=True, text=True
    ).stdout
    ids = json.loads(next(x for x in explained.splitlines() if x.startswith("IDS "))[4:])

    rng = random.Random(3)
    q = quote("primärvård")
    targets = {
        # What visitors mostly ask for, served by the shared page cache in Redis.
        "publika sidor, cachade": ["/beslut/", f"/beslut/{ids[0]}/", f"/sok/?q={q}", f"/beslut/{ids[1]}/"],
        # Every URL unique: the database work behind a cache miss, on the one shared PostgreSQL.
        "beslutssidor, ocachade": [f"/beslut/{i}/?n={n}" for n, i in enumerate(ids * 8)],
    }
    ports = [http_bench._free_port(), http_bench._free_port()]
    nodes = [_node(port, env) for port in ports]
    try:
        for port in ports:
            http_bench._wait_up(port)
        with tempfile.TemporaryDirectory() as tmp:
            for paths in targets.values():
                for port in ports:  # warm-up: every node fills its connection pool, the cache gets the pages
                    for path in paths[:4]:
                        urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10).read()
            runs: dict[tuple[str, int], list[dict[str, float]]] = {}
            order = [(name, count) for name in targets for count in (1, 2)]
            for _ in range(ROUNDS):
                rng.shuffle(order)  # interleaved: the machine's other load hits both shapes alike
                for name, count in order:
                    load = _load(ports[:count], targets[name], Path(tmp), unique="ocachade" in name)
                    runs.setdefault((name, count), []).append(load)
                    time.sleep(2)
    finally:
        for node in nodes:
            node.terminate()
        for node in nodes:
            node.wait(timeout=20)

    print(
        f"\nNoder: gunicorn {NODE_WORKERS} process(er) × 4 trådar per nod, samma PostgreSQL och Redis; wrk totalt "
        f"2 trådar × {CONNECTIONS} anslutningar, {ROUNDS} varv × {DURATION} s (median), {os.cpu_count()} kärnor"
    )
    print(f"{'mål':26} {'noder':>5} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'fel':>5}")
    medians = {}
    for (name, count), results in sorted(runs.items()):
        median = {key: statistics.median(r[key] for r in results) for key in results[0]}
        medians[(name, count)] = median
        print(
            f"{name:26} {count:5d} {median['rps']:9.0f} {median['p50']:8.1f} {median['p99']:8.1f} "
            f"{int(median['errors']):5d}"
        )
    for name in targets:
        ratio = medians[(name, 2)]["rps"] / medians[(name, 1)]["rps"]
        print(f"Genomströmning två noder / en nod, {name}: {ratio:.2f}")


if __name__ == "__main__":
    main()
