"""The API the Telegram bot reads: short, pre-computed answers for a phone screen, all computed in SQL."""
