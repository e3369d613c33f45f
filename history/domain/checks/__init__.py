"""The check of a history file, by sheet: `base` (the state and the readers of cells), `parties` (producers and
products), `outcomes` (results and certificates); `history.domain.checking` puts them together."""
