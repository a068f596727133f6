"""Celery's Redis transport with one fix: an acknowledgement that races a lost connection is a connection error.

When Redis goes away just as a task finishes, kombu's Redis channel may already have dropped its connection, and
the late acknowledgement then fails with AttributeError deep inside kombu instead of a connection error
(celery/celery#7185, #9250). Celery treats any other exception in the consumer as unrecoverable and the worker
exits, which is what the fault test showed. Counted among the connection errors, the failed ack is logged and the
consumer reconnects; the message, never acknowledged, comes back after the visibility timeout, and the job row
(already done) makes that delivery a no-op (meetings/documents/services.py).
"""

from __future__ import annotations

from kombu.transport import redis


class RedisTransport(redis.Transport):
    connection_errors = (*redis.Transport.connection_errors, AttributeError)
