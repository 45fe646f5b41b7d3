# Realistic: tokenizer plus shunting-yard to RPN and a stack-based evaluator.
PREC = {"+": 1, "-": 1, "*": 2, "/": 2, "%": 2, "^": 3}

def tokenize(src):
    tokens = []
    i = 0
    while i < len(src):
        ch = src[i]
        if ch.isspace():
            i += 1
        elif ch.isdigit():
            j = i
            while j < len(src) and (src[j].isdigit() or src[j] == "."):
                j += 1
            text = src[i:j]
            tokens.append(float(text) if "." in text else int(text))
            i = j
        else:
            tokens.append(ch)
            i += 1
    return tokens

def to_rpn(tokens):
    out = []
    ops = []
    for t in tokens:
        if isinstance(t, int) or isinstance(t, float):
            out.append(t)
        elif t == "(":
            ops.append(t)
        elif t == ")":
            while ops[-1] != "(":
                out.append(ops.pop())
            ops.pop()
        else:
            while ops and ops[-1] != "(" and (PREC[ops[-1]] > PREC[t] or (PREC[ops[-1]] == PREC[t] and t != "^")):
                out.append(ops.pop())
            ops.append(t)
    while ops:
        out.append(ops.pop())
    return out

def evaluate(rpn):
    stack = []
    for t in rpn:
        if t in PREC:
            b = stack.pop()
            a = stack.pop()
            if t == "+":
                stack.append(a + b)
            elif t == "-":
                stack.append(a - b)
            elif t == "*":
                stack.append(a * b)
            elif t == "/":
                stack.append(a / b)
            elif t == "%":
                stack.append(a % b)
            else:
                stack.append(a ** b)
        else:
            stack.append(t)
    assert len(stack) == 1, "bad expression"
    return stack[0]

exprs = ["1 + 2 * 3", "(1 + 2) * 3", "2 ^ 3 ^ 2", "100 / 8", "7 % 3 + 10 - 4 - 3",
         "2 ^ 100", "1.5 * 4", "((2))", "10 - (3 - (2 - 1))", "0.1 + 0.2", "17 % 5 * 2 ^ 2"]
for e in exprs:
    rpn = to_rpn(tokenize(e))
    print(f"{e:<20} => {' '.join([str(t) for t in rpn]):<28} = {evaluate(rpn)!r}")
