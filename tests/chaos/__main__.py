"""`.venv/bin/python -m tests.chaos` (from the repository root): the default run; see harness.Config.from_env."""

from .harness import main

raise SystemExit(main())
