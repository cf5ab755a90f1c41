"""Cadres (幹部): the staff members holding posts, and their appointment, transfer, removal and
retirement (任免), published to the other offices."""
