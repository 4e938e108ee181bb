"""The `dmap` command: local stack, services, demo, contracts."""
