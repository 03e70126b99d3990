# cmake -DSQL_DIR=<dir> -DOUT=<file.c> -P embed.cmake
# Every sql/**/*.sql becomes a NUL-terminated unsigned char array (unsigned:
# bytes >= 0x80 overflow a plain char under -Werror), plus a table entry named
# by its path without ".sql", e.g. "ingest/insert_request".
file(GLOB_RECURSE files RELATIVE "${SQL_DIR}" "${SQL_DIR}/*.sql")
list(SORT files)
set(arrays "")
set(table "")
set(i 0)
foreach(f IN LISTS files)
  file(READ "${SQL_DIR}/${f}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," hex "${hex}")
  string(REGEX REPLACE "\\.sql$" "" name "${f}")
  string(APPEND arrays "static const unsigned char s${i}[] = {${hex}0};\n")
  string(APPEND table "\t{ \"${name}\", s${i}, sizeof(s${i}) - 1 },\n")
  math(EXPR i "${i} + 1")
endforeach()
file(WRITE "${OUT}.tmp"
  "/* Generated from sql/ by src/cmake/embed.cmake: edit the .sql files. */\n"
  "#include \"store/sql.h\"\n${arrays}"
  "const struct sql_text sql_texts[] = {\n${table}};\n"
  "const unsigned sql_texts_count = ${i};\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
