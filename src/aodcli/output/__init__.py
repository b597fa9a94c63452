"""Output: plain document blocks built by the core, shown by one renderer."""
