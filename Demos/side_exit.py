# side_exit: a guard that starts failing becomes a side exit, and a hot side exit grows a trace.
#
# What to watch: for the first 300 iterations `x` is an int, so the loop's trace guards on int and
# adds ints. Then `x` becomes a float: the int guard fails on every iteration and execution leaves
# the trace through that exit, back to Tier 1 (a side exit, counted). After 16 exits the exit is
# hot: a side trace is recorded from there, specialised for floats, and attached to the exit, so
# later iterations jump from the main trace straight into it.


def drift(n):
    x = 0
    for i in range(n):
        if i == 300:
            x = 0.5
        x = x + 1
    return x


print(drift(100))
print(drift(100000))
