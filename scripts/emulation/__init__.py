"""tapctl's local AWS emulator: moto (5.2.1) with the project's patches and its realism mode.

The package is named `emulation`, not `emulator`, because `scripts/emulator` is already the bash
launcher users run (`scripts/emulator start`); a directory of that name cannot sit beside it.
`scripts/emulator.py` stays the entry point the launcher, `scripts/demo`, the Java tests and the
Python tests start (`python3 scripts/emulator.py --port PORT [--host H] [--realistic]`); Python
puts the script's directory, `scripts/`, on sys.path, so the package imports as `emulation`.

  - `registry`: the @patch decorator and the registered patches, in the order they are applied.
  - `patches`: the patches, one module per AWS service (the order of their imports is the order
    they are applied; see its docstring), and `patches.shared`, helpers more than one uses.
  - `cbor`: CloudWatch's Smithy RPC v2 CBOR protocol translated to the JSON moto speaks.
  - `realism`: the realism middleware (AWS's documented delays and states), off by default.
  - `server`: the HTTP server that puts them together, and the --list-patches listing.
  - `testing`: the Python tests' emulator process and the base class of the tests that use it.
"""
