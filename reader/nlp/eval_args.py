"""The command line the `reader eval-*` commands share: the hand-marked set's file (the
bundled one by default), --errors, and --part for the sets split into a dev and a held-out
half. Plain argparse, usable from reader.nlp and the modules above it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable


def eval_args(prog: str, description: str, default: Path, argv: list[str] | None, *, file_help: str,
              errors_help: str, part_help: str | None = None,
              extra: Callable[[argparse.ArgumentParser], None] | None = None,
              file_needed: Callable[[argparse.Namespace], bool] = lambda args: True) -> argparse.Namespace | None:
    """The parsed arguments, or None once it has said on stderr that the file does not exist.
    ``extra`` adds a command's own options; ``file_needed`` says when the set must exist."""
    ap = argparse.ArgumentParser(prog=prog, description=description)
    ap.add_argument("file", nargs="?", default=str(default), help=file_help)
    ap.add_argument("--errors", action="store_true", help=errors_help)
    if part_help is not None:
        ap.add_argument("--part", choices=("all", "dev", "held"), default="all", help=part_help)
    if extra is not None:
        extra(ap)
    args = ap.parse_args(argv)
    if file_needed(args) and not Path(args.file).is_file():
        print(f"{prog}: {args.file}: no such file", file=sys.stderr)
        return None
    return args
