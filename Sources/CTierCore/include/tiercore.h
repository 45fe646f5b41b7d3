// Umbrella header of the C core: the layouts shared by every tier.
#ifndef TIERCORE_H
#define TIERCORE_H

#include "ts_value.h"
#include "ts_object.h"
#include "ts_frame.h"

#endif
