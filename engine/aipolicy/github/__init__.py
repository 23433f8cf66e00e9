"""GitHub integration: Check Runs, pull request reviews and workflow commands for scan results."""
