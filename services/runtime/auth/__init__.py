"""Bearer-token authentication and roles shared by the DMAP HTTP services.

Tokens live in their own `auth` schema, which every service migrates at
start-up; the token itself is shown once at creation and stored only hashed.
The workspace's browser sessions live there too (`sessions.py`), also hashed.
"""
