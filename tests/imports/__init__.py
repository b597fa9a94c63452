"""aod import: other services' histories (Netflix, Trakt, TV Time) and aod's own exports."""
