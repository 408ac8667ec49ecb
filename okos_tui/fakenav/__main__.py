"""`python -m okos_tui.fakenav`: the same as `okos fake-nav`."""

from okos_tui.fakenav.cli import main

raise SystemExit(main())
