"""Spoiler safety: nothing past the horizon shows (a canary pack, non-interference), and the leaks once found."""
