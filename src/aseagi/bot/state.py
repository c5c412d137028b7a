"""What the bot remembers across restarts: each chat's case and the users it has refused.

Kept with python-telegram-bot's ``PicklePersistence`` in ``<data_dir>/telegram/bot.pickle``, readable by
the owner only (it names the people who wrote to the bot). Only chat and user data are stored: the bot's
shared data holds the API client and running tasks, which must not (and cannot) be pickled.
"""

from __future__ import annotations

import logging
import os
import pickle
import tempfile
import time
from pathlib import Path
from typing import Any

from telegram.ext import PersistenceInput, PicklePersistence

from aseagi.kit.private import private_folder

log = logging.getLogger(__name__)

STATE_FILE_MODE = 0o600


def state_file(data_dir: Path) -> Path:
    return data_dir / "telegram" / "bot.pickle"


class PrivatePicklePersistence(PicklePersistence):
    """``PicklePersistence`` that writes atomically with mode 0600 and survives a damaged file.

    PTB opens the file with the process umask and truncates it in place, so a crash mid-write would
    lose every chat's case; here a temporary file is written, synced and renamed over the old one.
    """

    def _dump_singlefile(self) -> None:
        data = {
            "conversations": self.conversations,
            "user_data": self.user_data,
            "chat_data": self.chat_data,
            "bot_data": self.bot_data,
            "callback_data": self.callback_data,
        }
        private_folder(self.filepath.parent)
        descriptor, temporary = tempfile.mkstemp(prefix=".bot-", dir=self.filepath.parent)
        try:
            os.fchmod(descriptor, STATE_FILE_MODE)
            with os.fdopen(descriptor, "wb") as file:
                self._pickle(file, data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.filepath)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def _pickle(self, file: Any, data: object) -> None:
        """PTB's own pickler, which stands the bot object in for a placeholder."""
        from telegram.ext._picklepersistence import _BotPickler

        _BotPickler(self.bot, file, protocol=pickle.HIGHEST_PROTOCOL).dump(data)

    def _load_singlefile(self) -> None:
        """A file that cannot be read is set aside (renamed ``.damaged-<time>``) and the bot starts afresh:
        losing the chats' chosen cases is better than a bot that will not start."""
        try:
            super()._load_singlefile()
        except TypeError:
            aside = self.filepath.with_name(f"{self.filepath.name}.damaged-{int(time.time())}")
            log.error("the bot's state file %s could not be read; moved it to %s", self.filepath, aside)
            self.filepath.replace(aside)
            super()._load_singlefile()


def state_persistence(path: Path) -> PrivatePicklePersistence:
    private_folder(path.parent)
    return PrivatePicklePersistence(
        filepath=path,
        store_data=PersistenceInput(bot_data=False, chat_data=True, user_data=True, callback_data=False),
        update_interval=30,
    )
