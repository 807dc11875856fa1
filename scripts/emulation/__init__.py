"""tapctl's local AWS emulator: moto (5.2.1) with the project's patches and its realism mode.

The package is named `emulation`, not `emulator`, because `scripts/emulator` is already the bash
launcher users run (`scripts/emulator start`); a directory of that name cannot sit beside it.
`scripts/emulator.py` stays the entry point the launcher, `scripts/demo`, the Java tests and the
Python tests start (`python3 scripts/emulator.py --port PORT [--host H] [--realistic]`); it puts
`scripts/` on sys.path, so the package imports as `emulation`.

  - `emulation.realism`: the realism middleware (AWS's documented delays and states).
"""
