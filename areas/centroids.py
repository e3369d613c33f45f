"""Where each administrative unit lies: the latitude and longitude of its centroid, as the `vietnamadminunits` data
package carries them. Areas do not store them (the package is their one source and every unit has them), so they
are read once per process from the package and kept in memory (~4,000 units)."""

from functools import lru_cache

from vietnamadminunits.database import query

from .models import Area


@lru_cache(maxsize=1)
def _centroids() -> dict[tuple[str, str, str], tuple[float, float]]:
    C, L = Area.Era.CURRENT, Area.Era.LEGACY
    P, D, W = Area.Level.PROVINCE, Area.Level.DISTRICT, Area.Level.COMMUNE
    places = {}
    for r in query("SELECT provinceCode, provinceLat, provinceLon, wardCode, wardLat, wardLon FROM admin_units"):
        places[(C, P, r["provinceCode"])] = (r["provinceLat"], r["provinceLon"])
        places[(C, W, r["wardCode"])] = (r["wardLat"], r["wardLon"])
    legacy = query(
        "SELECT provinceCode, provinceLat, provinceLon, districtCode, districtLat, districtLon, wardCode, wardLat, "
        "wardLon FROM admin_units_legacy"
    )
    for r in legacy:
        places[(L, P, r["provinceCode"])] = (r["provinceLat"], r["provinceLon"])
        places[(L, D, r["districtCode"])] = (r["districtLat"], r["districtLon"])
        if r["wardCode"]:
            places[(L, W, r["wardCode"])] = (r["wardLat"], r["wardLon"])
    return {key: place for key, place in places.items() if None not in place}


def centroid(area: Area) -> tuple[float, float] | None:
    """(latitude, longitude) of `area`, or None when the package has none."""
    return _centroids().get((area.era, area.level, area.code))
