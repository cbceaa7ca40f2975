"""The Celery worker's consumer, surviving a Redis broker that goes away.

Celery 5.7.0, on losing the broker connection, first collect()s it (which detaches its
transport) and then close()s it. Closing the channel again tries to put the messages the
worker holds unacknowledged (tasks with a countdown, a task running with acks_late) back
through the detached transport, and the AttributeError that raises ends the worker. With
Redis gone that restore could not succeed anyway; the messages stay in Redis's unacked
index and come back after the visibility timeout, and the beat re-sends what they were for.
tests/prod_tests/test_serve_prod.py restarts Redis under a real worker. Remove this when
Celery no longer closes a collected connection.
"""

from celery.worker.consumer import Consumer as CeleryConsumer


class Consumer(CeleryConsumer):
    def on_connection_error_after_connected(self, exc):
        connection = self.connection
        if connection is not None:
            close = connection.close

            def close_unless_detached():
                try:
                    close()
                except AttributeError:
                    if connection._transport is not None:  # not the detached case: a bug
                        raise

            connection.close = connection.release = close_unless_detached
        super().on_connection_error_after_connected(exc)
