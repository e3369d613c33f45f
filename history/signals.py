"""What the history import tells the parts above it (the reports' rollups) once its transaction has committed:
it writes in bulk, so no record's own save signal fires."""

from django.dispatch import Signal

# Sent with `product_ids`: every product the import created or changed, or whose results or certificates it did.
history_imported = Signal()
