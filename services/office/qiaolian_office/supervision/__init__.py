"""督查督辦 supervision: the board of every deadline office watches, its own (tasks, documents, loans,
passports) and the other offices' (petitions, federation elections), most urgent first."""
