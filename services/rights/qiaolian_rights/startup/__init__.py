"""創業中華 startup work: the activities held (matchmaking, roadshows, competitions, forums) and the
innovation and startup bases (新僑創新創業基地) accredited for a period."""
