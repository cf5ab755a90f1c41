"""The yearly foreign-affairs work plan (外事工作計劃): drafted with its items, approved, then carried out
item by item; the plan reports its completion."""
