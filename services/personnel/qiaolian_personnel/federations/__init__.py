"""Grassroots federations (僑聯: city, county, university, 僑胞之家): their leadership, terms and
elections (換屆), announced as due before each term ends."""
