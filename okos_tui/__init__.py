"""okos-tui: back office and warehouse for a ShopRenter web shop."""
