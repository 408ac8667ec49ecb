"""The tax rules of an invoice as plain Python: VAT categories and their legal grounds, tax
numbers and the buyer's VAT status, countries, cash rounding and the fulfilment date."""
