"""困難歸僑僑眷幫扶 hardship assistance to needy returnees and relatives: application, check, approval
within the year's budget, payment."""
