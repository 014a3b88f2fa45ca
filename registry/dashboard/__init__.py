"""The ศจพ. dashboard's figures: areas and drill-down, metrics, summaries, household lists (issue 16)."""
