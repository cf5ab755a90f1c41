"""值班 duty rosters: holiday and on-call duty drawn fairly from the staff directory over a holiday's
rest days, published, swapped (調班), and the duty log (值班記錄) kept by whoever is on duty."""
