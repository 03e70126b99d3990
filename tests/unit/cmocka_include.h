/* cmocka_include.h - cmocka 1.1 (Debian 12) needs these before <cmocka.h>. */
#ifndef ANALYZE_CMOCKA_INCLUDE_H
#define ANALYZE_CMOCKA_INCLUDE_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#endif
