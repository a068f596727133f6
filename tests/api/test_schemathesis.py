"""schemathesis against the served OpenAPI schema: generated requests to every operation, and every answer
checked against what the schema promises (status codes, content type, the OParl object and list shapes)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance"
# Bounded: 25 generated cases per operation, deterministic, so the run takes about a minute.
MAX_EXAMPLES = 25


def test_schemathesis_finds_no_server_error_and_no_schema_violation(live_demo: Any, tmp_path: Path) -> None:
    st = Path(sys.executable).with_name("st")
    run = subprocess.run(
        [
            str(st),
            "--no-color",
            "run",
            f"{live_demo.url}/api/schema/?format=json",
            "--url",
            live_demo.url,
            "--checks",
            CHECKS,
            "--phases",
            "examples,fuzzing",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--generation-deterministic",
            "--workers",
            "1",
            "--report",
            "junit",
            "--report-junit-path",
            str(tmp_path / "junit.xml"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = run.stdout + run.stderr
    summary = output[output.find("SUMMARY") :]
    tested = re.search(r"Tested: (\d+)", summary)
    cases = re.search(r"(\d+) generated, (\d+) passed", summary)
    print(f"schemathesis: {tested.group(1) if tested else '?'} operations; " + (cases.group(0) if cases else summary))
    assert run.returncode == 0, summary
    assert tested and int(tested.group(1)) >= 30
    assert cases and cases.group(1) == cases.group(2)
    for failure in ("Server error", "Response violates schema", "Undocumented"):
        assert failure not in output
