"""`python -m okos_tui.fakeshop`: the same as `okos fake-shop`."""

from okos_tui.fakeshop.cli import main

raise SystemExit(main())
