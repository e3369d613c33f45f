"""Refresh on change: a result, a certificate, a dossier's step or an imported past result enqueues the refresh of
its product once the transaction commits. Stamp figures are daily counts: the nightly run rebuilds them. The apps below
`reports` cannot call it (layers), so it listens to their saves; the history import writes in bulk, so it
sends `history.signals.history_imported` with the products it touched once it has committed. The rows the figures read
live (`READ_LIVE`) bump the figures' stamp instead."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

PRODUCT_OF = {
    "dossiers.Application": "product_id",
    "dossiers.CommuneReview": "application.product_id",
    "evaluation.Evaluation": "application.product_id",
    "certificates.Certificate": "product_id",
    "certificates.Withdrawal": "certificate.product_id",
    "history.PastResult": "product_id",
}


# Figures read live from these rows rather than from the rollups (the inspections' and the market's tables, which
# the home page's key figures print): a change bumps the figures' stamp (`rollups.FIGURES_VERSION`) as a refresh of
# the rollups does.
READ_LIVE = (
    "inspections.Outcome",
    "programme.Event",
    "market.Participation",
    "market.TradeAgreement",
    "market.SalesPoint",
    "market.Buyer",
    "market.Demand",
    "market.Conversation",
)


def _product_id(instance, path: str):
    value = instance
    for name in path.split("."):
        value = getattr(value, name, None)
        if value is None:
            return None
    return value


def _changed(sender, instance, **kwargs):
    from .tasks import refresh_product_figures

    product_id = _product_id(instance, PRODUCT_OF[sender._meta.label])
    if product_id is not None:
        transaction.on_commit(lambda: refresh_product_figures.enqueue([product_id]))


def _read_live_changed(sender, **kwargs):
    from core import versions

    from .rollups import FIGURES_VERSION

    versions.bump_with_transaction(FIGURES_VERSION)


def _imported(sender, product_ids, **kwargs):
    from .tasks import refresh_product_figures

    refresh_product_figures.enqueue(list(product_ids))


def connect() -> None:
    from django.apps import apps

    from history.signals import history_imported

    history_imported.connect(_imported, dispatch_uid="reports-history-imported")

    for label in PRODUCT_OF:
        model = apps.get_model(label)
        post_save.connect(_changed, sender=model, dispatch_uid=f"reports-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"reports-del-{label}")
    for label in READ_LIVE:
        model = apps.get_model(label)
        post_save.connect(_read_live_changed, sender=model, dispatch_uid=f"reports-live-{label}")
        post_delete.connect(_read_live_changed, sender=model, dispatch_uid=f"reports-live-del-{label}")
