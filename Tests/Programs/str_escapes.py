# Checks string literal escapes, raw strings, triple quotes and adjacent concatenation.
print("tab\there", "nl\nnext", "back\\slash", 'single\'quote', "double\"quote")
print("\x41\x42\x43", "\u00e9t\u00e9", "\U0001F600", len("\U0001F600"), "\101\102")
print(len("\0"), repr("\0"), ord("\0"), repr("a\0b"), "\a\b\f\v" == "\x07\x08\x0c\x0b")
print(r"raw\n\t\\", len(r"\n"), r'C:\path\to', R"x\y")
s = """line1
line2\tindented
  line3"""
print(s)
print('''it's "quoted"''')
t = "abc" "def" 'ghi'
print(t, len(t))
u = ("implicit "
     "concatenation "
     f"with f{1 + 1}")
print(u)
print("carriage\rX")
print("multi\
line continuation")
print(repr("\t\n\r\\"), repr(r"\t"), "\"", '\'', "\'", '\"')
print(ord("\n"), ord("\t"), chr(10) == "\n", "\x7f" == chr(127))
