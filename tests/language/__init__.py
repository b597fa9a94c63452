"""The run's language: the catalogs, Korean input, search, Tab and screens, the qps proof, --json in English."""
