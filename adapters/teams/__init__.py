"""Microsoft Teams adapter: a translator between Teams activities and the core (Teams SDK)."""
