import sys

from okos_tui.cli.main import main

sys.exit(main())
