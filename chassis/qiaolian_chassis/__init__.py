"""The runtime every qiaolian service uses, written once.

settings, logging, clock, errors   configuration and cross-cutting basics
db, tables                         async SQLAlchemy engine, the chassis tables, Alembic migrations
uow                                unit of work: a transaction that also appends events to the outbox
relay                              the outbox relay: publishes in order, marks after the PubAck
consumer                           durable pull consumers with an inbox, nack/backoff, dead letters
provision                          streams and consumers from the contracts catalog
http                               the FastAPI app factory: errors as problem+json, health, metrics
service                            the skeleton that wires one service together
"""
