"""Where the shared data sits: ../shared beside the repository (the repo at
/work/main, data at /work/shared); from a worktree deeper down, the nearest
ancestor that has a shared/ folder."""

from __future__ import annotations

from pathlib import Path


def shared_dir() -> Path:
    here = Path(__file__).resolve()
    default = here.parents[2] / "shared"
    if default.is_dir():
        return default
    for p in here.parents:
        if (p / "shared" / "data").is_dir():
            return p / "shared"
    return default
