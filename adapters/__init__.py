"""Platform adapters (console, Slack, Discord) and the `ciip-tutor` composition root."""
