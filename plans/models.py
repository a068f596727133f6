"""Plans, workstreams, milestones and nyckeltal."""
