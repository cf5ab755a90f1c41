"""Cadre records (幹部檔案) kept only by personnel: yearly assessments, salary and social-insurance
changes, and the care of retired cadres (visits, activities, benefits)."""
