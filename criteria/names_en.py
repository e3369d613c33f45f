"""English names of the QĐ 26/2026 classification (Phụ lục I), shown on English pages beside the official
Vietnamese names, which stay the legal ones. The decision has no English text: these are our translations,
following the English glosses of the rules reference (`spec/ocop-rules.md` §2.1) where it gives one.

Keys are the decision's own numbering: the sector's numeral, the group's code, the criteria set's number."""

SECTORS = {
    "I": "Food products",
    "II": "Beverages",
    "III": "Medicinal herbs and herbal products",
    "IV": "Handicrafts",
    "V": "Ornamental flowers, plants and animals",
    "VI": "Community tourism, eco-tourism services and tourist destinations",
}

GROUPS = {
    "I.1": "Fresh food",
    "I.2": "Raw and primary-processed food",
    "I.3": "Processed food",
    "I.4": "Condiments and spices",
    "I.5": "Tea",
    "I.6": "Coffee and cocoa",
    "II.1": "Alcoholic beverages",
    "II.2": "Non-alcoholic beverages",
    "III.1": "Functional foods, herbal medicines and traditional medicines",
    "III.2": "Cosmetics with herbal ingredients",
    "III.3": "Essential oils and other medicinal herbs",
    "IV.1": "Household and decorative handicrafts",
    "IV.2": "Textiles and garments",
    "V.1": "Flowers",
    "V.2": "Ornamental plants",
    "V.3": "Ornamental animals",
    "VI.1": "Community tourism, eco-tourism services and tourist destinations",
}

CRITERIA_SETS = {
    1: "Fresh vegetables, tubers, fruits and seeds",
    2: "Fresh meat, aquatic products, eggs and milk",
    3: "Rice, cereals and other primary-processed grains",
    4: "Honey, other syrups and other agricultural food products",
    5: "Fast food",
    6: "Processed rice and cereal products",
    7: "Processed vegetable, tuber, fruit and seed products",
    8: (
        "Processed meat, aquatic, egg and dairy products, products made from honey and other syrups, and other "
        "processed agricultural food products"
    ),
    9: "Fermented bean sauce, fish sauce and other liquid condiments",
    10: "Other condiments and spices (salt, shallots, garlic, pepper, …)",
    11: "Fresh tea and processed tea",
    12: "Tea products from other plants",
    13: "Coffee and cocoa products",
    14: "White spirits",
    15: "Other alcoholic beverages",
    16: "Natural mineral water and bottled drinking water",
    17: "Other non-alcoholic beverages",
    18: "Functional foods, herbal medicines and traditional medicines",
    19: "Cosmetics with herbal ingredients",
    20: "Essential oils and other medicinal herbs",
    21: "Household and decorative handicrafts",
    22: "Textiles and garments",
    23: "Flowers",
    24: "Ornamental plants",
    25: "Ornamental animals",
    26: "Community tourism, eco-tourism services and tourist destinations",
}
