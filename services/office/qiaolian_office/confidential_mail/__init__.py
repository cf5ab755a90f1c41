"""機要 confidential communications: the register of confidential mail received and sent, with its
classification, handler, and the date it is to be returned or destroyed by (watched by the scheduler
and on the board); visible only to those cleared for its classification, as classified documents are."""
