"""manage.py create_api_token USER [--scope read|read-write] [--name NAME]: issue a token
and print its secret, which is not stored and cannot be shown again."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...models import ApiToken
from ...tokens import token_create


class Command(BaseCommand):
    help = "Issue an API token for a user and print it (once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--scope", choices=ApiToken.Scope.values, default=ApiToken.Scope.READ)
        parser.add_argument("--name", default="command line")

    def handle(self, *args: Any, username: str, scope: str, name: str, **options: Any) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user '{username}'.") from None
        token, secret = token_create(user=user, name=name, scope=scope)
        self.stderr.write(f"Token {token.prefix}… ({scope}) for {username}; shown only once:")
        self.stdout.write(secret)
