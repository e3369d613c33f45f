"""The plan a report compares with: the programme's targets for the area and years (`programme.plans.targets`),
when the programme app is installed; none otherwise."""

from django.apps import apps


def plan_for(*, area, period) -> dict:
    if not apps.is_installed("programme"):
        return {}
    from programme import plans

    return plans.targets(area=area, first=period.first, last=period.last)
