"""The change log as people read it: field labels and display values, not internal names and codes."""

from audit import domain as audit
from audit.display import Change, shown_changes
from producers import domain as producers


def test_a_state_change_reads_as_labels(producer_a, carol):
    producers.verify_producer(producer=producer_a, by=carol, approve=False, note="Không tìm thấy cơ sở")
    entry = audit.history(producer_a)[0]
    assert shown_changes(entry) == [
        Change("Trạng thái", "Đã xác minh", "Không xác minh được"),
        Change("Ghi chú xác minh", "—", "Không tìm thấy cơ sở"),
    ]


def test_a_new_records_values_read_as_choices_booleans_and_names(producer_a):
    entry = audit.history(producer_a).get(action="create")
    shown = {change.label: change.after for change in shown_changes(entry)}
    assert shown["Loại hình"] == "Hợp tác xã"
    assert shown["Giới tính"] == "Nữ"
    assert shown["Người khuyết tật"] == "Không"
    assert shown["Xã/phường"] == "Xã Phú Nghĩa, Thành phố Hà Nội"


def test_dates_are_written_day_first_and_unknown_keys_keep_their_name(producer_a):
    audit.record(
        actor=None,
        action="update",
        obj=producer_a,
        before={"founded_on": "2015-03-01", "local_capital_percent": "30.00"},
        after={
            "founded_on": "2016-03-01",
            "local_capital_percent": "45.50",
            "retired_field": "x",
            "parts": {"A": "37.2", "B": 24},
        },
    )
    assert shown_changes(audit.history(producer_a)[0]) == [
        Change("Ngày thành lập / đăng ký", "01/03/2015", "01/03/2016"),
        Change("Tỷ lệ vốn góp của cộng đồng địa phương (%)", "30", "45,5"),
        Change("parts", "—", "A: 37,2; B: 24"),
        Change("retired_field", "—", "x"),
    ]


def test_derived_search_keys_are_neither_recorded_nor_shown(producer_a):
    assert "search_key" not in audit.snapshot(producer_a)
    # An entry written before snapshots left the key out.
    audit.record(actor=None, action="update", obj=producer_a, before={"search_key": " a "}, after={"search_key": " b "})
    assert shown_changes(audit.history(producer_a)[0]) == []
