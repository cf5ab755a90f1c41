"""`make chaos`: the three foundation flows under kill -9 of nats-server and of each service (issue 7)."""
