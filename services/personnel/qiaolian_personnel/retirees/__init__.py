"""Retired cadres (離退休幹部): activities with attendance, benefits by policy, and regular visits planned
(each plan's date watched) and recorded. Their party branch is party's retirees' branch; the older care
records stay in records."""
