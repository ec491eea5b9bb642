"""Start the Location Assessment Tool: ``python main.py --help`` lists the commands.

Kept tiny: arguments and commands live in :mod:`app.cli`, which loads Qt
only when the window is opened.
"""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
