"""The holiday calendar's page: the years the services count deadlines on, and a year added or
corrected by the `admin` (calendar.manage), as `qiaolian calendar add` does."""
