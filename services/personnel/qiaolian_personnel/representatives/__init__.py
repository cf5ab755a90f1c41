"""Representatives: returnees and relatives in people's congresses (人大) and the CPPCC (政協), from
nomination to their seat and its term."""
