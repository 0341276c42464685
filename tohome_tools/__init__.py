"""tohome: docs-as-data toolkit for the TO HOME, verso casa housing-inclusion programme.

The core modules take data and return data; `tohome_tools.cli.main` is the only face that prints.
"""

import os as _os
import signal as _signal
import sys as _sys

__version__ = "0.1.0"


def _quiet_start(signum, frame):   # pragma: no cover - exercised by killing a starting process
    # Interrupted while the command is still starting (importing): nothing is written yet, so leave
    # at once with the conventional code, without a traceback. The command installs its own handling.
    _os.write(2, "Interrotto.\n".encode())
    _os._exit(128 + signum)


# Only when run as the `tohome` command (not when imported by tests or the site build).
if _os.path.basename(_sys.argv[0]) == "tohome" or _sys.argv[0] == "-m":
    _signal.signal(_signal.SIGINT, _quiet_start)
    _signal.signal(_signal.SIGTERM, _quiet_start)
