"""qiaolian console: the door for people. Accounts, sign-in, sessions, the login log, and the proxy that
forwards `/api/<service>/…` to the services with a short-lived signed token."""
