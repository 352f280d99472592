"""Screenshots of every main screen, from a demo vault of invented records (make screenshots)."""
