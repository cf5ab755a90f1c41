"""liaison (宣傳聯絡處): the office that keeps the federation's ties with overseas Chinese communities and
tells its story. Its concepts:

- associations/      overseas associations and key persons, their roles and terms, duplicates and merges,
                     the interaction log
- delegation_visits/ delegation visits to Hunan (回湘參訪) and the logistics office arranges for them
- programmes/        study tours, training courses and festival invitations with registration and waitlist
- exchange_bases/    cultural exchange bases with their reviews, and 親情中華 exchange activities
- articles/          news releases and manuscripts reviewed before release, the website's Atom feed
- media/             overseas Chinese-language media outlets and their coverage
- work_plans/        the yearly foreign-affairs work plan (外事工作計劃) and its execution
"""
