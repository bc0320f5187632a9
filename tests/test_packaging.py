"""What `pip install .` installs: every package of the source tree, and the data folders."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_with_modules_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {".".join(p.relative_to(ROOT).parts) for p in {f.parent for f in (ROOT / "reader").rglob("*.py")}}
    assert found <= listed, f"not installed by pip: {sorted(found - listed)}"
    assert {"reader.styles", "reader.sample_feeds"} <= listed
    assert config["package-dir"] == {"reader.styles": "styles", "reader.sample_feeds": "sample_feeds"}
