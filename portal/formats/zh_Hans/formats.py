# Amounts are grouped by thousands in Chinese too: 7,500 元, as Hong Kong and mainland users write them.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
