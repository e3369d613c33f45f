"""The soak's mix, shared by the locustfile and the runner (which must not import locust: it patches the standard
library with gevent): the share of the requests each kind of client sends, and how many locust users of each
kind there are. Each user sends its share at a fixed pace (`constant_throughput`), so the total is the rate."""

SHARE = {"shoppers": 0.60, "officers": 0.25, "api": 0.15}
SHOPPERS, API_CLIENTS = 12, 4
# Officers: (demo accounts, how many locust users of that kind, taking the accounts in turn).
COMMUNE = (["xa.battrang", "xa.phunghia"], 2)
PROVINCE = (["tinh.hanoi", "tinh.ninhbinh"], 2)
INSPECTOR = (["thanhtra"], 1)
COUNCIL = (["hoidong", "hoidong2"], 2)
OFFICERS = sum(kind[1] for kind in (COMMUNE, PROVINCE, INSPECTOR, COUNCIL))
USERS = SHOPPERS + OFFICERS + API_CLIENTS
# The public stamp look-ups (pages and API) at most, as a share of all requests: the shoppers' requests and the
# API's stamp checks could at worst all be look-ups. The runner sets the limit per client to twice that rate.
LOOKUP_SHARE_AT_MOST = SHARE["shoppers"] + SHARE["api"]
