from areas.centroids import centroid


def test_every_current_unit_has_a_centroid_inside_vietnam(hanoi, commune_x):
    lat, lon = centroid(hanoi)
    assert 20.5 < lat < 21.5 and 105 < lon < 106.5
    lat, lon = centroid(commune_x)
    assert 20.5 < lat < 21.5 and 105 < lon < 106.5
