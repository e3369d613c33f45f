"""The soak's mix, shared by the locustfile and the runner (which must not import locust: it patches the standard
library with gevent): the share of the requests each kind of client sends, and how many locust users of each
kind there are. Each user sends its share at a fixed pace (`constant_throughput`), so the total is the rate."""

import math

SHARE = {"shoppers": 0.60, "officers": 0.25, "api": 0.15}
# One set of users, of each kind (officers: the demo accounts, taken in turn, and how many users of that kind).
SHOPPERS, API_CLIENTS = 12, 4
COMMUNE = (["xa.battrang", "xa.phunghia"], 2)
PROVINCE = (["tinh.hanoi", "tinh.ninhbinh"], 2)
INSPECTOR = (["thanhtra"], 1)
COUNCIL = (["hoidong", "hoidong2"], 2)
OFFICERS = sum(kind[1] for kind in (COMMUNE, PROVINCE, INSPECTOR, COUNCIL))
USERS = SHOPPERS + OFFICERS + API_CLIENTS
# A user waits for each answer before its next request, so one set keeps a fixed total pace only while the pages
# answer within the pace (at 50 requests/s a shopper sends one every 0.4 s): above this rate, more sets.
RATE_PER_SET = 50


def sets(rate: float) -> int:
    """How many sets of users send `rate` requests/s in all."""
    return max(1, math.ceil(rate / RATE_PER_SET))


# The public stamp look-ups (pages and API) at most, as a share of all requests: the shoppers' requests and the
# API's stamp checks could at worst all be look-ups. The runner sets the limit per client to twice that rate.
LOOKUP_SHARE_AT_MOST = SHARE["shoppers"] + SHARE["api"]
