"""The audit log is written in the platform's language, Vietnamese, whichever language the actor reads."""

from django.utils import translation

from audit.domain import history, record, snapshot


def test_snapshot_and_entry_keep_vietnamese_names_for_an_english_reader(product_a, erin):
    with translation.override("en"):
        after = snapshot(product_a)
        entry = record(actor=erin, action="update", obj=product_a.criteria_set, after=after)
    assert after["criteria_set"] == "7. Chế biến từ rau, củ, quả, hạt"
    assert entry.object_repr == "7. Chế biến từ rau, củ, quả, hạt"
    assert history(product_a.criteria_set).get() == entry
