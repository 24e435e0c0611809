from django.core.exceptions import ValidationError


class ChangeRejected(ValidationError):
    """A write the rules refuse. A ValidationError, so forms and the admin show its message."""
