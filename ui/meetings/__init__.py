"""The DCSM menu: the register, meetings (agenda, what each item decided, finalising) and their papers."""
