"""Overseas associations (社團) and key persons (重點人士): their federation roles and terms, duplicate
detection and merge, and the interaction log (聯絡記錄)."""
