"""Party work of the organs (黨建): branches and their members, committee terms and elections due,
meetings (三會一課) with attendance, and members' transfers following the cadres' own transfers."""
