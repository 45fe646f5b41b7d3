# Checks an error deep inside nested calls (traceback through several frames).
def level3(d, key):
    return d[key] * 2

def level2(d, keys):
    out = []
    for k in keys:
        out.append(level3(d, k))
    return out

def level1(d):
    print("level1 start")
    return level2(d, ["a", "b", "missing"])

print("main")
print(level1({"a": 1, "b": 2}))
