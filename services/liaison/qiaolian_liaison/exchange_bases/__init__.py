"""Cultural exchange bases (文化交流基地) with accreditation and periodic review, and the "親情中華" cultural
exchange activities held at them or abroad."""
