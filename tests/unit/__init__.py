"""Functions and declarations on their own: the SPEC grammar, the event table, the store's record shapes, the pager."""
