"""``python -m bench [--quick]``: run every benchmark; exit 1 if a budget is broken."""

import sys

from bench.store_bench import main

sys.exit(main())
