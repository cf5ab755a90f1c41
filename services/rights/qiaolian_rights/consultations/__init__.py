"""法律/政策諮詢 legal and policy consultations: a question is registered and answered quickly (quick
close); the asker's name and the question and answer stay in rights."""
