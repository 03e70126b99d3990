INSERT INTO text_value (value) VALUES (?1)
