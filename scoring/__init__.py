"""The pure OCOP scoring engine (`scoring.engine`): a council's score sheets → mean total, band and star rank.
It imports nothing of the project, so every layer above may use it."""

from .engine import (
    UNMET,
    Leaf,
    MemberSheet,
    RankResult,
    Regulation,
    Sheet,
    SheetError,
    SheetOption,
    band,
    next_star_gap,
    rank,
)

__all__ = [
    "UNMET",
    "Leaf",
    "MemberSheet",
    "RankResult",
    "Regulation",
    "Sheet",
    "SheetError",
    "SheetOption",
    "band",
    "next_star_gap",
    "rank",
]
