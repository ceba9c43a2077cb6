"""The `claims` command line: a thin adapter over `claims.application`."""
