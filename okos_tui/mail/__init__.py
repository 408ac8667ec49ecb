"""E-mailing invoices over SMTP. Knows nothing of the UI."""
