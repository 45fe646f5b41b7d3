# A range() only iterated, hot enough to be traced, whose step turns float with nothing checking it
# before the call: the trace's fused form goes back to the call, which raises Python's TypeError there.

def spans(steps):
    total = 0
    for step in steps:
        for k in range(0, 4, step):
            total += k
    return total


print(spans([1] * 300 + [1.5]))
