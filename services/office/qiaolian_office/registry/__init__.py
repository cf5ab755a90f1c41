"""僑務資源 resource registry: a province-wide view of overseas people and organisations worth working
with, built from liaison's events and searchable by country, field and hometown."""
