"""Dutch e-invoices (UBL 2.1, NLCIUS / SI-UBL 2.0) in and out."""
