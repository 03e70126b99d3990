SELECT id FROM text_value WHERE value = ?1
