"""``python -m tidings.bench``."""

import sys

from tidings.bench import main

sys.exit(main())
