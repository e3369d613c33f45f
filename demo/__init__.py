"""The demo data set that `make run` loads: two provinces (Hà Nội and Ninh Bình), about sixty producers of
every kind and about a hundred and fifty OCOP products, with one account per role, then the whole lifecycle.

- `data`, `hanoi`, `ninhbinh`: the hand-written tables (places, producers, products, accounts).
- `plan`: turns the tables into every field value, deterministically (`random.Random(2026)`), without the DB.
- `build`: writes the plan through the domain functions, so every record is validated and audited.
- `lifecycle_data`: the lifecycle's tables (council and producer accounts, imported certificates, dossiers and
  where each one stops, texts).
- `lifecycle`: writes it through the dossier, evaluation, certificate and stamp rules: `dossiers` (the dossier
  steps), `scoresheets` (council sheets planned to land on a star, checked by the scoring engine), `history`
  (imported certificates, stamps, the withdrawal, example stamp links).
"""
