from reader.cli import main

# Guarded: analysis starts worker processes (forkserver), which import the
# main module; unguarded, each of them would start another app on the terminal.
if __name__ == "__main__":
    raise SystemExit(main())
