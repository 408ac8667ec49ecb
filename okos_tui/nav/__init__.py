"""NAV Online Számla, interface v3.0: the invoiceData XML of an invoice, the request security
(hashes, signatures, the exchange token), and the client. Knows nothing of the database."""
