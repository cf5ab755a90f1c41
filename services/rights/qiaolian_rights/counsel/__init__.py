"""法律顧問、公益律師、調解員 counsel: the roster of legal advisers, public-service lawyers and
mediators, each serving a term whose end the scheduler watches (`counsel.term_ended`)."""
