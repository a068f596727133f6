"""No periodic work in groups: rights are computed from memberships at request time (groups.permissions), so
nothing has to be synced when a membership starts or ends by date."""
