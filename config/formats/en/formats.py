# Canadian English: long dates spelled out, short dates in ISO 8601 (unambiguous in tables,
# as on Canada.ca), never the US month/day order.
DATE_FORMAT = "F j, Y"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "F j, Y, H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
