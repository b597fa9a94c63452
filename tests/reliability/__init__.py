"""The store and the caches under stress: crashes, Ctrl-C, I/O faults, locks, concurrent writers, damaged files."""
