// ncursesw seen from Swift: the wide-character API, and accessors for what Swift cannot import (globals
// under Swift 6's concurrency checking, attribute and mouse macros).
#ifndef TIERSCOPE_NCURSESW_SHIM_H
#define TIERSCOPE_NCURSESW_SHIM_H

// Without this there is no cchar_t, no wide functions and no WACS_* glyphs.
#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>
#include <locale.h>
#include <wchar.h>

// Swift 6 rejects these mutable C globals as not concurrency-safe; ncurses only changes them inside its
// own calls (newterm, start_color, resizes), which all happen on the UI thread.
static inline WINDOW *ts_stdscr(void) { return stdscr; }
static inline int ts_colors(void) { return COLORS; }
static inline int ts_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *ts_stdin(void) { return stdin; }
static inline FILE *ts_stdout(void) { return stdout; }

// Glibc's Swift module leaves wcwidth out. ncurses lays glyphs out by it, so the backend checks that it
// agrees with the canvas before drawing a glyph.
static inline int ts_wcwidth(wchar_t c) { return wcwidth(c); }

// The attribute bits are built with a cast inside a macro, which Swift does not import. A typed enum
// brings them in as constants of type attr_t.
enum : attr_t {
    TS_A_NORMAL = A_NORMAL,
    TS_A_BOLD = A_BOLD,
    TS_A_DIM = A_DIM,
    TS_A_ITALIC = A_ITALIC,
    TS_A_UNDERLINE = A_UNDERLINE,
    TS_A_REVERSE = A_REVERSE,
};

// Mouse masks, built by the function-like NCURSES_MOUSE_MASK macro.
enum : mmask_t {
    TS_BUTTON1_PRESSED = BUTTON1_PRESSED,
    TS_BUTTON1_CLICKED = BUTTON1_CLICKED,
    TS_BUTTON4_PRESSED = BUTTON4_PRESSED,
    TS_BUTTON5_PRESSED = BUTTON5_PRESSED,
};

#endif
