"""The Slack adapter: a slack-bolt AsyncApp over the core (see `adapters/slack/README.md`)."""
