"""ciip-tutor's platform-agnostic core: quiz engine, learner model, CE calendar and storage.

Nothing in this package imports Slack, Discord, APScheduler or an adapter. The entry point for
adapters is `bot.tutor.Tutor`.
"""
