"""Email backends for the tests: the external boundary (the mail server) stood in for."""

import os
import pathlib
import time

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server refused the connection")


class MaildirBackend(BaseEmailBackend):
    """Accepts each message into a directory, one file per message (like an MTA's queue).

    With TEST_MAIL_SLOW_SECONDS set, it first writes a `sending-<pid>` marker and waits, so a test
    can kill the worker while a delivery is in progress.
    """

    def send_messages(self, email_messages):
        directory = pathlib.Path(os.environ["TEST_MAILDIR"])
        delay = float(os.environ.get("TEST_MAIL_SLOW_SECONDS", "0"))
        for message in email_messages:
            if delay:
                (directory / f"sending-{os.getpid()}").write_text(message.subject)
                time.sleep(delay)
            name = f"{time.time_ns()}-{os.getpid()}.eml"
            (directory / (name + ".tmp")).write_bytes(message.message().as_bytes())
            (directory / (name + ".tmp")).rename(directory / name)
        return len(email_messages)
