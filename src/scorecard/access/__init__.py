"""Access control for the web app: users and their roles (users.py, with passwords in
passwords.py and the record itself in accounts.py), signed-in sessions (sessions.py)
and the append-only audit log (audit.py), all kept in a SQLite file beside the store
(database.py says why SQLite)."""
