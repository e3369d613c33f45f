from django.db import models


class RateCount(models.Model):
    """How many requests one client made in the current window of one limit (see `core.ratelimit`). One row a
    client and limit, reset when a new window starts; rows idle for an hour are deleted."""

    key = models.CharField(max_length=200, primary_key=True)
    slot = models.BigIntegerField()  # the window's number: Unix time // window length
    hits = models.PositiveIntegerField()
    expires = models.BigIntegerField(db_index=True)  # Unix time when the window ends

    def __str__(self) -> str:
        return f"{self.key}: {self.hits}"
