"""引才引智、引資引技 projects: the economic work's pipeline of talent, investment and technology
projects, from a lead to a signed agreement in operation (落地)."""
