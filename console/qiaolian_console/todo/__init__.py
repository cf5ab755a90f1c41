"""我的待办: the console's own projection of what each person must do, kept from the four streams."""
