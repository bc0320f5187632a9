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


def test_the_wheel_is_named_reader_news_and_installs_the_reader_command(tmp_path):
    """`reader` on PyPI is another feed library: the distribution is reader-news; the import
    package and the command stay `reader` (pipx install . gives the command)."""
    import subprocess
    import sys
    import zipfile

    result = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "-w", str(tmp_path), "--no-deps", "-q"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    wheels = list(tmp_path.glob("*.whl"))
    assert [w.name.split("-")[0] for w in wheels] == ["reader_news"]
    with zipfile.ZipFile(wheels[0]) as wheel:
        names = wheel.namelist()
        info = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = wheel.read(info).decode()
        entry_points = wheel.read(info.replace("METADATA", "entry_points.txt")).decode()
    assert "\nName: reader-news\n" in metadata
    assert "reader = reader.cli:main" in entry_points
    assert "reader/cli.py" in names and "reader/sample_feeds/feeds.toml" in names
