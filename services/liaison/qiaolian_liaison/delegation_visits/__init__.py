"""Delegation visits to Hunan (回湘參訪): members, itinerary and hosts, from proposal to conclusion, and the
reception and vehicles office arranges for them."""
