"""The store under stress: crashes, Ctrl-C, I/O faults, locks, concurrent writers, damaged and hostile files."""
