"""The key bindings `[ui.keymap]` may give other keys, by their id.

Every `Binding(..., id=...)` of the app and its screens and widgets (okos_tui.ui and
okos_tui.demo.ui) is listed here; tests/ui/test_keymap_ids.py fails when a binding is added,
renamed or removed without this list following. An id okos.toml names that is not here is
refused when okos.toml is read, instead of being silently ignored."""

from __future__ import annotations

BINDING_IDS: frozenset[str] = frozenset(
    {
        # the app: switching screens, sync, help, quit, the command palette
        "go_orders",
        "go_fulfillable",
        "go_stock",
        "go_cart",
        "go_mailbox",  # the demo's mailbox
        "sync_now",
        "help",
        "quit",
        "command_palette",
        # orders
        "orders_search",
        "orders_filter_status",
        "orders_open",
        # one order, and editing it
        "detail_invoice",
        "detail_edit",
        "detail_cancel",
        "detail_storno",
        "detail_back",
        "edit_save",
        "edit_back",
        # fulfillable orders
        "fulfil_picking",
        "fulfil_packing",
        "fulfil_to_cart",
        "fulfil_procurement",
        "fulfil_warehouse",
        "fulfil_select_all",
        "fulfil_select_ok",
        "fulfil_select_missing",
        "fulfil_clear",
        "fulfil_open",
        # stock
        "stock_warehouse",
        "stock_to_procure",
        "stock_suppliers",
        "stock_export",
        # the invoicing cart
        "cart_invoice",
        "cart_email",
        "cart_view",
        "cart_print",
        "cart_remove",
        "cart_select_all",
        "cart_focus_next",
        "nav_send_again",  # an invoice NAV rejected goes again
        # selecting rows in a table
        "select_toggle",
        "select_extend_down",
        "select_extend_up",
        # dialogs
        "confirm_yes",
        "confirm_no",
        "help_back",
        "table_view_back",
    }
)
