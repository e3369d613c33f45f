"""The people of a round that notifications go to (`accounts.people`)."""

from accounts import people


def test_scoring_members_are_the_chair_and_members_inactive_ones_included(seated_round, members, advisor):
    members[2].is_active = False
    members[2].save(update_fields=["is_active"])

    assert people.scoring_members(seated_round) == members


def test_chair_of_a_round_is_its_chair_or_none(round_, seated_round, chair):
    assert people.chair_of(seated_round) == chair


def test_chair_of_a_round_without_a_council_is_none(round_):
    assert people.chair_of(round_) is None


def test_advisors_are_the_advisory_team_only(seated_round, advisor):
    assert people.advisors(seated_round) == [advisor]


def test_organisers_of_a_provincial_round_are_its_provinces_officers(round_, erin, frank, minh):
    assert people.organisers(round_) == [erin]


def test_organisers_of_the_central_round_are_the_ministry_officers(central_round, minh, erin):
    assert people.organisers(central_round) == [minh]
