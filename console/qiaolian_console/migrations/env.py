from qiaolian_chassis.db import run_migrations_env

run_migrations_env()
