"""MkDocs glue for checklists (thin adapter around the handreiking package)."""
