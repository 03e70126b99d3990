# cmake -DSQL_DIR=<dir> -DOUT=<file.c> -P embed.cmake
# cmake -DDIR=<dir> -DGLOB=<pattern> -DHEADER=<h> -DPREFIX=<p> -DOUT=<file.c> -P embed.cmake
# Every file under DIR matching GLOB becomes a NUL-terminated unsigned char
# array (unsigned: bytes >= 0x80 overflow a plain char under -Werror), plus
# an entry of the table <PREFIX>_texts[] (struct <PREFIX>_text, declared in
# HEADER) named by its path. The SQL_DIR form is sql/: "*.sql", store/sql.h,
# prefix sql, names without ".sql", e.g. "ingest/insert_request".
if(DEFINED SQL_DIR)
  set(DIR "${SQL_DIR}")
  set(GLOB "*.sql")
  set(HEADER "store/sql.h")
  set(PREFIX "sql")
  set(STRIP "\\.sql$")
endif()
file(GLOB_RECURSE files RELATIVE "${DIR}" "${DIR}/${GLOB}")
list(SORT files)
set(arrays "")
set(table "")
set(i 0)
foreach(f IN LISTS files)
  file(READ "${DIR}/${f}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," hex "${hex}")
  set(name "${f}")
  if(STRIP)
    string(REGEX REPLACE "${STRIP}" "" name "${f}")
  endif()
  string(APPEND arrays "static const unsigned char s${i}[] = {${hex}0};\n")
  string(APPEND table "\t{ \"${name}\", s${i}, sizeof(s${i}) - 1 },\n")
  math(EXPR i "${i} + 1")
endforeach()
get_filename_component(what "${DIR}" NAME)
file(WRITE "${OUT}.tmp"
  "/* Generated from ${what}/ by src/cmake/embed.cmake: edit the files there. */\n"
  "#include \"${HEADER}\"\n${arrays}"
  "const struct ${PREFIX}_text ${PREFIX}_texts[] = {\n${table}};\n"
  "const unsigned ${PREFIX}_texts_count = ${i};\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
