// The C core is header-only: its bodies are `static inline` so that Swift (and later the JIT stencils)
// inline them at each use. SwiftPM needs one translation unit to build the module.
#include "tiercore.h"
