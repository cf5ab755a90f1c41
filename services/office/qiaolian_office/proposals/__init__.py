"""參政議政 proposals and motions the federation's members bring to the NPC and CPPCC sessions:
drafting, review, submission, the handling organ's reply (on the board until it comes) and its rating."""
