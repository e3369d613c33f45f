"""The demo data set that `make run` loads: two provinces (Hà Nội and Ninh Bình), about sixty producers of
every kind and about a hundred and fifty OCOP products, with one account per role.

- `data`, `hanoi`, `ninhbinh`: the hand-written tables (places, producers, products, accounts).
- `plan`: turns the tables into every field value, deterministically (`random.Random(2026)`), without the DB.
- `build`: writes the plan through the domain functions, so every record is validated and audited.
"""
