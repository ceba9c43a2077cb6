"""Who is running this process: proven by the store where it can be, never typed.

On PostgreSQL it is the role the server authenticated (`session_user`; `SET ROLE`
cannot change it). On SQLite it is the operating-system account the process runs
under: the real user id's name, not the LOGNAME or USER variables, which anyone can
set to anything.
"""

from __future__ import annotations

import getpass
import os
from typing import TYPE_CHECKING

from domain.names import member_name

if TYPE_CHECKING:
    from claims.storage.store import Store


def os_login() -> str:
    """The OS account running this process, in its canonical member spelling."""
    try:
        import pwd
    except ImportError:  # Windows has no pwd; its login name is the best there is
        return member_name(getpass.getuser())
    return member_name(pwd.getpwuid(os.getuid()).pw_name)


def session_user(store: Store) -> str:
    """The role PostgreSQL authenticated on the store's connections."""
    with store.transaction() as cursor:
        cursor.execute("SELECT session_user")
        row = cursor.fetchone()
    return member_name(str(row[0]))
