"""The Telegram bot: a client of the ASEAGI API, for the phone in the courthouse hallway."""
