"""Start-up cost: the fast path answers as the full CLI would, and the CLI imports nothing it does not need."""
