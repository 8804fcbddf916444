"""Time-driven behaviour: daily posts, reveals, CE reminders, study nudges and weekly digests.

Imports `bot` only (never an adapter); it is handed a `bot.ports.Messenger` to post with.
"""
