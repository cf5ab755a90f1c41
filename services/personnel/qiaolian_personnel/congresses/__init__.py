"""The congress of returnees and relatives (歸僑僑眷代表大會): its date, delegate quotas per city and
university federation, nominated delegates within the quotas, and the elected committee."""
