"""Each command as a user runs it, one file per command or tight group of commands (test_<command>.py)."""
