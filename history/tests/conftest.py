import pytest

from areas.models import Area


@pytest.fixture
def old_communes(hanoi):
    """Communes of the 2019 era in Hà Nội."""
    return list(
        Area.objects.filter(era=Area.Era.LEGACY, level=Area.Level.COMMUNE, current_province=hanoi).order_by("code")[:20]
    )
