"""Where reader keeps its files, in one place.

The config file is READER_CONFIG, else ``config.toml`` in the platform config
dir; the cache lives in READER_DATA, else the platform data dir. Styles and
bundled samples are found inside the installed package, or in the source
tree when running from a checkout.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP = "reader"


@dataclass(frozen=True)
class Locations:
    config_file: Path
    data_dir: Path

    @property
    def cache_file(self) -> Path:
        return self.data_dir / "cache.sqlite"


def default_locations(env: dict[str, str] | None = None) -> Locations:
    env = os.environ if env is None else env
    config = env.get("READER_CONFIG")
    data = env.get("READER_DATA")
    return Locations(
        config_file=Path(config).expanduser()
        if config
        else Path(platformdirs.user_config_dir(APP)) / "config.toml",
        data_dir=Path(data).expanduser() if data else Path(platformdirs.user_data_dir(APP)),
    )


def _package_dir(name: str) -> Path:
    """A data folder installed inside the package (reader/<name>), or the checkout's top-level one."""
    here = Path(__file__).resolve().parent
    installed = here / name
    if installed.is_dir():
        return installed
    return here.parent / name


def styles_dir() -> Path:
    return _package_dir("styles")


def samples_dir() -> Path:
    return _package_dir("sample_feeds")
