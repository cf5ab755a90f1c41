"""The youth committee (青年委員會) and the overseas advisers (海外顧問) as committees with terms: members
are key persons; the end of a term is warned (`committee.term_expiring`) and renewed."""
