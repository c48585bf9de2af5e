"""Qt item models over lists from the core."""
