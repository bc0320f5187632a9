"""The time and event core must not pull in the terminal libraries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_timex_and_events_do_not_import_textual_or_rich():
    code = (
        "import sys\n"
        "import reader.nlp.timex, reader.nlp.events, reader.nlp.sentences, reader.nlp.eval_timex\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
        "sys.exit(1 if bad else 0)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, f"imported: {r.stdout.strip()} {r.stderr}"
