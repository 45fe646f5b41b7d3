# function_trace: a hot function gets a trace of its own, though the loop that calls it cannot.
#
# What to watch: the module walks a dict of prices, calling mix() for each. A dict iterator has no
# specialised FOR_ITER form, so that loop can never be traced (its recordings abort, as in
# trace_abort.py). But mix() itself is called again and again: after 16 calls the function is hot,
# and Tier 2 records a trace of its body, from just after RESUME to its return. A function trace
# has no loop to close: it ends in _EXIT_TRACE at the RETURN, where Tier 1 takes over again. Its
# RESUME becomes ENTER_EXECUTOR, so every later call, from Tier 1 code, runs the trace's native code.
#
# tierscope: speed 500ms
# tierscope: stage instructionSpecialized <module> CALL -> CALL_PY_EXACT_ARGS
#   The call mix(h, price + day) always calls the same Python function with the arguments it takes:
#   it becomes CALL_PY_EXACT_ARGS, which pushes mix's frame without any argument juggling.
# tierscope: stage traceRecordingStarted mix hot function
#   mix() has now been called 16 times: the function itself is hot, so Tier 2 starts recording a
#   trace of its body, from its first instruction.
# tierscope: stage traceRecorded mix ends in _EXIT_TRACE
#   A function trace has no loop to close: it ends in _EXIT_TRACE at the return, where Tier 1 takes
#   over. Only h and price come from outside: they keep an int guard; h % 1000003 needs none.
# tierscope: stage jitCompiled trace 0
#   Compiled. mix's RESUME becomes ENTER_EXECUTOR (↺ in the Bytecode pane): from the next call on,
#   every call runs the trace's native code, whoever makes it.
# tierscope: stage traceAborted <module> iterator has no specialised form
#   The loop that calls mix is hot too, but it walks a dict: its recording gives up, so it stays in
#   Tier 1, and calls the natively compiled mix on every turn.


def mix(h, price):
    h = h * 31 + price
    return h % 1000003


prices = {"tea": 3, "coffee": 4, "cake": 5, "scone": 2, "juice": 3, "water": 1}
h = 0
for day in range(60):
    for item, price in prices.items():
        h = mix(h, price + day)
print(h)
