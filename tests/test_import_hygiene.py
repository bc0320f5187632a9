"""The core never imports the terminal libraries (STYLE.md 1)."""

import subprocess
import sys

CORE = ["reader.library", "reader.config", "reader.locations", "reader.opml", "reader.store.db",
        "reader.store.query", "reader.ingest.text", "reader.nlp.analyse", "reader.model",
        "reader.entities_view", "reader.stats", "reader.timeline_axis", "reader.related_view",
        "reader.workers", "reader.kitty", "reader.images", "reader.config_edit"]


def test_core_does_not_import_textual_or_rich():
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
