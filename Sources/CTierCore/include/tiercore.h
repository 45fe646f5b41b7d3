// Umbrella header of the C core: the layouts shared by every tier, and the micro-ops.
#ifndef TIERCORE_H
#define TIERCORE_H

#include "ts_value.h"
#include "ts_object.h"
#include "ts_frame.h"
#include "ts_opcodes.h"
#include "ts_uops.h"
#include "ts_uop_bodies.h"
#include "ts_expansions.h"
#include "ts_dispatch.h"
#include "ts_executor.h"
#include "ts_uop_glue.h"
#include "ts_jit.h"

#endif
