"""MkDocs glue for pdfs (thin adapter around the handreiking package)."""
