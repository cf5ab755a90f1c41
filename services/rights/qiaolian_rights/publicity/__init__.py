"""普法宣傳 legal publicity sessions, and 執法檢查 supervision of the implementation of overseas-Chinese
law: the issues found, open until rectified."""
