"""Email backends for the tests: locmem that counts connections, and one that fails."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class CountingBackend(EmailBackend):
    """locmem (mail.outbox), counting the connections opened."""

    opened = 0

    def open(self) -> bool:
        CountingBackend.opened += 1
        return True


class DroppingBackend(EmailBackend):
    """Sends `allow` messages, then the server goes away."""

    allow = 1
    sent = 0

    def send_messages(self, messages):
        if DroppingBackend.sent >= DroppingBackend.allow:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        DroppingBackend.sent += len(messages)
        return super().send_messages(messages)


class RefusingBackend(EmailBackend):
    """Refuses one address with a permanent 550."""

    refused = "gone@example.org"

    def send_messages(self, messages):
        for message in messages:
            if self.refused in message.to:
                raise smtplib.SMTPRecipientsRefused({self.refused: (550, b"No such user")})
        return super().send_messages(messages)
