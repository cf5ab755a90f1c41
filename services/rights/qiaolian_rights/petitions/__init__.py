"""信訪 petitions: intake, the first decision (accept, route, transfer, assign), handling within the
statutory periods, the opinion, review and re-review to finality, and the satisfaction follow-up."""
