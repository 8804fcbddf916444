"""Behaviour every adapter must show, written once and run through each adapter's real entry point.

A scenario talks to a `Driver`: "type this command", "press this button". Each adapter's test
module supplies a driver that turns those into that platform's real traffic (signed Slack
requests, discord.py interactions, Bot Framework activities, console lines) and turns what the
platform would show back into a `Screen`. The scenario then checks the behaviour, not the markup.
"""
