"""rights (經濟工作處 / 權益保障處): petitions under the statutory rules, and the office's other work."""
