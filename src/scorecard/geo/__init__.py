"""Geography: postcodes and straight-line distances."""
