"""The Team menu and its dialogs: join a team, sign in, sync, conflicts and the writing-up marker."""
