"""`python -m okos_tui.fakeshop`: the same as `okos fake-shop`."""

from .cli import main

raise SystemExit(main())
