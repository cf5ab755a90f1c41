"""公文 official documents: incoming registration and routing to an office (收文), outgoing drafting,
review, sign-off, numbering and dispatch (發文), each visible only to those cleared for its classification."""
