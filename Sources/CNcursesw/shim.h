// ncursesw seen from Swift: the wide-character API, and accessors for what Swift cannot import (globals
// under Swift 6's concurrency checking, attribute and mouse macros).
#ifndef TIERSCOPE_NCURSESW_SHIM_H
#define TIERSCOPE_NCURSESW_SHIM_H

// Without this there is no cchar_t, no wide functions and no WACS_* glyphs.
#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>
#include <locale.h>
#include <wchar.h>

#endif
