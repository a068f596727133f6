"""`make bench`: every benchmark of the portal, one after the other, in one run. Figures go to stdout."""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ["pdf_bench.py", "seal_bench.py", "http_bench.py", "mixed_bench.py", "nodes_bench.py"]


def main() -> int:
    sys.path.insert(0, str(HERE.parent))
    failures = 0
    for name in BENCHES:
        path = HERE / name
        print(f"\n=== {name} ===", flush=True)
        spec = importlib.util.spec_from_file_location(name[:-3], path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        started = time.perf_counter()
        # pdf_bench sets DATABASE_URL (and more) for its own database in os.environ: each bench starts from the
        # environment `make bench` was given, or http_bench would build its million rows in pdf_bench's database.
        saved = dict(os.environ)
        try:
            spec.loader.exec_module(module)
            module.main()
        except Exception as exc:  # a failed bench must not hide the others' figures
            failures += 1
            print(f"{name} misslyckades: {exc!r}", flush=True)
        finally:
            os.environ.clear()
            os.environ.update(saved)
        print(f"({name}: {time.perf_counter() - started:.1f} s)", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
