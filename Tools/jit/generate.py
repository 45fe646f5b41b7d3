#!/usr/bin/env python3
"""Builds the copy-and-patch JIT's stencils: compiles Tools/jit/template.c once per micro-op (and once
per stub) with the Swift toolchain's clang, reads each object's machine code, relocations and read-only
data with the small ELF64 reader below, and writes Sources/CTierCore/ts_stencils.generated.c.

Each micro-op has a stencil that works on the frame's stack, and, where the micro-op stays inside the
trace (no call into the VM, no frame switch, no jump out) with a fixed stack effect, one stencil per
count of values cached in registers on entry (ts_jit.h says how the cache works). clang must keep such
a stencil's values in registers: one that needs the native stack (-Wframe-larger-than=0 names it) is
left out, and the emitter writes the cache back before that micro-op instead.

    python3 Tools/jit/generate.py            # rewrite the committed file
    python3 Tools/jit/generate.py --check    # fail if the committed file is not what clang makes now

Every relocation becomes a hole the emitter patches (ts_jit.h says what each kind stands for). One this
script does not know is an error, never skipped: a stencil with an unpatched hole would jump anywhere.
"""

import argparse
import concurrent.futures
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TEMPLATE = os.path.join(ROOT, "Tools", "jit", "template.c")
INCLUDE = os.path.join(ROOT, "Sources", "CTierCore", "include")
OUTPUT = os.path.join(ROOT, "Sources", "CTierCore", "ts_stencils.generated.c")

# The flags that give clean, patchable stencils (see the platform notes): one section per function with
# its exact size, 64-bit absolute holes, no jump tables, nothing on the stack the emitter cannot see.
FLAGS = [
    "-O3", "-c", "-std=c11", "-fno-pic", "-mcmodel=medium", "-mlarge-data-threshold=0", "-fno-jump-tables",
    "-ffunction-sections", "-fdata-sections", "-fno-asynchronous-unwind-tables", "-fno-stack-protector",
    "-fcf-protection=none", "-fno-plt", "-Wall", "-Werror", "-Wframe-larger-than=0",
    "-Wno-error=frame-larger-than",
]

# ELF relocation types of x86-64 that the emitter patches.
R_X86_64_64, R_X86_64_PC32, R_X86_64_PLT32, R_X86_64_GOTPCRELX, R_X86_64_REX_GOTPCRELX = 1, 2, 4, 41, 42
R_X86_64_32, R_X86_64_32S = 10, 11
RELOCATION_NAMES = {
    R_X86_64_64: "R_X86_64_64", R_X86_64_PC32: "R_X86_64_PC32", R_X86_64_PLT32: "R_X86_64_PLT32",
    R_X86_64_32: "R_X86_64_32", R_X86_64_32S: "R_X86_64_32S",
    R_X86_64_GOTPCRELX: "R_X86_64_GOTPCRELX", R_X86_64_REX_GOTPCRELX: "R_X86_64_REX_GOTPCRELX",
}
HOLE_KINDS = {
    "_JIT_OPARG": "TS_HOLE_OPARG", "_JIT_LOCAL": "TS_HOLE_LOCAL", "_JIT_OPERAND": "TS_HOLE_OPERAND", "_JIT_EXECUTOR": "TS_HOLE_EXECUTOR",
    "_JIT_EXIT_INDEX": "TS_HOLE_EXIT_INDEX", "_JIT_CONTINUE": "TS_HOLE_CONTINUE", "_JIT_LOOP": "TS_HOLE_LOOP",
    "_JIT_EXIT": "TS_HOLE_EXIT", "_JIT_ERROR": "TS_HOLE_ERROR",
}
STUBS = {"exit": "TS_STUB_EXIT", "error": "TS_STUB_ERROR", "follow_exit": "TS_STUB_FOLLOW_EXIT"}
BODY = "ts_stencil_body"


class GeneratorError(Exception):
    pass


def toolchain_clang():
    """The Swift toolchain's clang: /usr/bin has an older LLVM first on PATH."""
    swift = shutil.which("swift")
    if not swift:
        return None
    clang = os.path.join(os.path.dirname(os.path.realpath(swift)), "clang")
    return clang if os.path.exists(clang) else None


# --- ELF64 ---------------------------------------------------------------------------------------------

class Section:
    def __init__(self, name, kind, flags, offset, size, link, info, align, entsize, data):
        self.name, self.kind, self.flags = name, kind, flags
        self.offset, self.size, self.link, self.info = offset, size, link, info
        self.align, self.entsize, self.data = align, entsize, data


def read_elf(blob):
    """Sections (with their bytes), symbols and relocations of a relocatable ELF64 little-endian object."""
    if blob[:4] != b"\x7fELF" or blob[4] != 2 or blob[5] != 1:
        raise GeneratorError("not a little-endian ELF64 object")
    (e_type, e_machine) = struct.unpack_from("<HH", blob, 16)
    if e_type != 1 or e_machine != 62:
        raise GeneratorError("not a relocatable x86-64 object")
    e_shoff, = struct.unpack_from("<Q", blob, 40)
    e_shentsize, e_shnum, e_shstrndx = struct.unpack_from("<HHH", blob, 58)
    raw = []
    for i in range(e_shnum):
        fields = struct.unpack_from("<IIQQQQIIQQ", blob, e_shoff + i * e_shentsize)
        raw.append(fields)
    names = raw[e_shstrndx]
    strtab = blob[names[4]:names[4] + names[5]]

    def name_at(table, offset):
        return table[offset:table.index(b"\0", offset)].decode()

    sections = []
    for (name, kind, flags, _addr, offset, size, link, info, align, entsize) in raw:
        data = blob[offset:offset + size] if kind != 8 else bytes(size)  # SHT_NOBITS has no bytes
        sections.append(Section(name_at(strtab, name), kind, flags, offset, size, link, info, align, entsize, data))
    symbols = []
    for section in sections:
        if section.kind != 2:  # SHT_SYMTAB
            continue
        names = sections[section.link].data
        for k in range(section.size // 24):
            st_name, st_info, _other, st_shndx, st_value, st_size = struct.unpack_from("<IBBHQQ", section.data, k * 24)
            symbols.append({
                "name": name_at(names, st_name), "type": st_info & 0xF, "bind": st_info >> 4,
                "section": st_shndx, "value": st_value, "size": st_size,
            })
    relocations = {}
    for section in sections:
        if section.kind == 9:  # SHT_REL
            raise GeneratorError("REL relocations in %s (only RELA is read)" % section.name)
        if section.kind != 4:  # SHT_RELA
            continue
        entries = []
        for k in range(section.size // 24):
            r_offset, r_info, r_addend = struct.unpack_from("<QQq", section.data, k * 24)
            entries.append((r_offset, r_info & 0xFFFFFFFF, symbols[r_info >> 32], r_addend))
        relocations[sections[section.info].name] = entries
    return sections, symbols, relocations


# --- One stencil ---------------------------------------------------------------------------------------

def stencils_from_object(blob, what, functions):
    """The code, data and holes of each of `functions` in one compiled template, by name."""
    sections, _symbols, relocations = read_elf(blob)
    by_name = {s.name: s for s in sections}
    wanted = {".text." + f for f in functions}
    for f in functions:
        if ".text." + f not in by_name:
            raise GeneratorError("%s: no .text.%s section" % (what, f))
    for name in relocations:
        if name not in wanted:
            raise GeneratorError("%s: relocations in %s, which the emitter does not copy" % (what, name))
    for section in sections:
        if section.name.startswith(".text") and section.name not in wanted and section.size:
            raise GeneratorError("%s: clang left a function out of line (%s)" % (what, section.name))
        if section.name.startswith((".data", ".bss")) and section.size:
            raise GeneratorError("%s: writable data (%s) cannot be copied beside the code" % (what, section.name))
    return {f: one_stencil(sections, relocations, "%s (%s)" % (what, f), ".text." + f) for f in functions}


def one_stencil(sections, relocations, what, section_name):
    """The code, data and holes of the function in `section_name`."""
    code = next(s for s in sections if s.name == section_name).data
    data = bytearray()
    data_offset = {}  # section index -> offset of its copy in `data`

    def place(index):
        if index not in data_offset:
            section = sections[index]
            if not section.name.startswith(".rodata"):
                raise GeneratorError("%s: a reference into %s" % (what, section.name))
            align = max(1, section.align)
            data.extend(bytes(-len(data) % align))
            data_offset[index] = len(data)
            data.extend(section.data)
        return data_offset[index]

    holes = []
    for (offset, kind, symbol, addend) in relocations.get(section_name, []):
        if kind not in RELOCATION_NAMES:
            raise GeneratorError("%s: unknown relocation type %d at offset %d (%s)" % (what, kind, offset, symbol["name"]))
        if symbol["type"] == 3:  # STT_SECTION: a constant clang put in read-only data
            holes.append((offset, "TS_HOLE_DATA", kind, None, place(symbol["section"]) + addend))
        elif symbol["name"] in HOLE_KINDS and symbol["section"] == 0:
            holes.append((offset, HOLE_KINDS[symbol["name"]], kind, None, addend))
        elif symbol["section"] == 0 and symbol["name"]:
            holes.append((offset, "TS_HOLE_HELPER", kind, symbol["name"], addend))
        else:
            raise GeneratorError("%s: a relocation against %r, which is neither a hole nor a helper"
                                 % (what, symbol["name"]))
    ends_in_continue = any(
        offset == len(code) - 4 and hole == "TS_HOLE_CONTINUE" and kind in (R_X86_64_PLT32, R_X86_64_PC32)
        for (offset, hole, kind, _helper, _addend) in holes) and code[-5] == 0xE9
    return {"code": bytes(code), "data": bytes(data), "holes": holes, "ends_in_continue": ends_in_continue}


def compile_template(clang, defines, what, functions):
    """Compiles the template with `defines` and reads `functions` out of the object. A function that
    needed the native stack (clang's -Wframe-larger-than warning names it) comes back as None."""
    with tempfile.TemporaryDirectory() as scratch:
        out = os.path.join(scratch, "stencil.o")
        command = [clang] + FLAGS + ["-I", INCLUDE] + defines + [TEMPLATE, "-o", out]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise GeneratorError("%s: clang failed:\n%s" % (what, result.stderr))
        on_stack = set(re.findall(r"stack frame size \(\d+\) exceeds limit \(0\) in '(\w+)'", result.stderr))
        with open(out, "rb") as f:
            stencils = stencils_from_object(f.read(), what, functions)
        return {f: (None if f in on_stack and f != BODY else stencil) for f, stencil in stencils.items()}


def micro_ops(clang):
    """The most values the JIT caches in registers (TS_JIT_CACHE_MAX), and the micro-ops in table order,
    each with whether it may have cached variants: it neither calls into the VM, nor switches frames,
    nor jumps out (the flags the template's static assert names), and takes and leaves a fixed number of
    values (its stack effect does not depend on its argument). Read from the headers by compiling and
    running a small C program, so that the constants and the table's expressions are C's."""
    source = """#include <stdio.h>
#include "ts_jit.h"
int main(void) {
    printf("%d\\n", TS_JIT_CACHE_MAX);
#define TS_ROW(name, ...) printf("%s %d %d %d %d %d\\n", #name, \\
    (ts_uop_flags(TS_UOP##name) & (TS_UOPF_ESCAPES | TS_UOPF_JUMPS | TS_UOPF_ERROR | TS_UOPF_FRAME)) == 0, \\
    ts_uop_inputs(TS_UOP##name, 0), ts_uop_inputs(TS_UOP##name, 1001), \\
    ts_uop_outputs(TS_UOP##name, 0), ts_uop_outputs(TS_UOP##name, 1001));
    TS_UOPS(TS_ROW)
    return 0;
}
"""
    with tempfile.TemporaryDirectory() as scratch:
        program = os.path.join(scratch, "table")
        result = subprocess.run([clang, "-I", INCLUDE, "-x", "c", "-", "-o", program], input=source,
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise GeneratorError("reading the micro-op table failed:\n" + result.stderr)
        rows = subprocess.run([program], capture_output=True, text=True, check=True).stdout.split("\n")
    cache_max = int(rows[0])
    table = []
    for row in rows[1:]:
        if not row:
            continue
        name, stays, in0, in1, out0, out1 = row.split()
        fixed = in0 == in1 and out0 == out1
        table.append((name, fixed and stays == "1"))
    if not table:
        raise GeneratorError("no micro-ops in ts_uops.h")
    return cache_max, table


# --- Output --------------------------------------------------------------------------------------------

def c_bytes(blob):
    lines = []
    for k in range(0, len(blob), 16):
        lines.append("    " + " ".join("0x%02x," % b for b in blob[k:k + 16]))
    return "\n".join(lines)


def render(clang_version, uops, stencils, cached, stubs, flushes):
    every = list(stencils.values()) + [c for row in cached.values() for c in row if c] + list(stubs.values()) \
        + list(flushes.values())
    helpers = sorted({h for s in every for (_, _, _, h, _) in s["holes"] if h})
    uncached = [name for name, row in cached.items() if row and not all(row)]
    out = [
        "// Generated by Tools/jit/generate.py: do not edit. Regenerate with `python3 Tools/jit/generate.py`",
        "// after changing a micro-op body, the glue (ts_uop_glue.h) or the template (Tools/jit/template.c);",
        "// the StencilTests fail while this file is stale.",
        "//",
        "// Compiler: " + clang_version,
        "// Flags: " + " ".join(FLAGS),
        "//",
        "// Per micro-op: its machine code, the read-only data it refers to (copied beside the code), and its",
        "// holes as (offset, kind, ELF relocation type, helper, addend); then the same for each count of",
        "// values cached in registers on entry, where the micro-op has such variants (%d of %d do)." % (
            sum(1 for row in cached.values() if any(row)), len(uops)),
        "// Variants clang could not keep in registers, left out: " + (", ".join(uncached) if uncached else "none"),
        '#include "ts_jit.h"',
        "",
        "// Helpers: " + (", ".join(helpers) if helpers else "none"),
        "static const char *const helper_names[] = {",
    ] + ['    "%s",' % h for h in helpers] + ["    0,", "};", ""]

    def emit(symbol, stencil):
        out.append("static const uint8_t %s_code[%d] = {" % (symbol, len(stencil["code"])))
        out.append(c_bytes(stencil["code"]))
        out.append("};")
        if stencil["data"]:
            out.append("static const uint8_t %s_data[%d] __attribute__((aligned(16))) = {" % (symbol, len(stencil["data"])))
            out.append(c_bytes(stencil["data"]))
            out.append("};")
        if stencil["holes"]:
            out.append("static const ts_hole %s_holes[%d] = {" % (symbol, len(stencil["holes"])))
            for (offset, kind, relocation, helper, addend) in stencil["holes"]:
                index = helpers.index(helper) if helper else 0
                comment = " // %s" % helper if helper else ""
                out.append("    {%d, %s, %d /* %s */, %d, %d},%s" % (
                    offset, kind, relocation, RELOCATION_NAMES[relocation], index, addend, comment))
            out.append("};")
        out.append("")

    def entry(symbol, stencil):
        data = "%s_data" % symbol if stencil["data"] else "0"
        holes = "%s_holes" % symbol if stencil["holes"] else "0"
        helper_holes = sum(1 for hole in stencil["holes"] if hole[1] == "TS_HOLE_HELPER")
        if helper_holes > 255:
            raise GeneratorError("%s calls helpers from %d places; the table counts at most 255" % (symbol, helper_holes))
        return "{%s_code, %d, %d, %s, %s, %d, %d, %d, {0}}" % (
            symbol, len(stencil["code"]), len(stencil["data"]), data, holes, len(stencil["holes"]),
            1 if stencil["ends_in_continue"] else 0, helper_holes)

    for name in uops:
        emit("uop" + name, stencils[name])
        for k, variant in enumerate(cached[name]):
            if variant:
                emit("uop%s_cached%d" % (name, k), variant)
    for name in STUBS:
        emit("stub_" + name, stubs[name])
    for k, flush in flushes.items():
        emit("flush%d" % k, flush)
    out.append("static const ts_stencil stencils[TS_UOP_COUNT] = {")
    for name in uops:
        out.append("    [TS_UOP%s] = %s," % (name, entry("uop" + name, stencils[name])))
    out.append("};")
    out.append("")
    out.append("// A zero size: no variant for that count.")
    out.append("static const ts_stencil cached[TS_UOP_COUNT][TS_JIT_CACHE_MAX + 1] = {")
    for name in uops:
        if any(cached[name]):
            row = ", ".join(entry("uop%s_cached%d" % (name, k), v) if v else "{0}" for k, v in enumerate(cached[name]))
            out.append("    [TS_UOP%s] = {%s}," % (name, row))
    out.append("};")
    out.append("")
    out.append("static const ts_stencil stubs[] = {")
    for name, constant in STUBS.items():
        out.append("    [%s] = %s," % (constant, entry("stub_" + name, stubs[name])))
    out.append("};")
    out.append("")
    out.append("static const ts_stencil flushes[TS_JIT_CACHE_MAX + 1] = {")
    for k, flush in flushes.items():
        out.append("    [%d] = %s," % (k, entry("flush%d" % k, flush)))
    out.append("};")
    out += [
        "",
        "const ts_stencil *ts_stencil_of(uint16_t uop) { return &stencils[uop < TS_UOP_COUNT ? uop : 0]; }",
        "",
        "const ts_stencil *ts_stencil_cached(uint16_t uop, int32_t count) {",
        "    if (uop >= TS_UOP_COUNT || count < 0 || count > TS_JIT_CACHE_MAX) return 0;",
        "    return cached[uop][count].code_size ? &cached[uop][count] : 0;",
        "}",
        "",
        "const ts_stencil *ts_stencil_flush(int32_t count) {",
        "    return &flushes[count >= 1 && count <= TS_JIT_CACHE_MAX ? count : 1];",
        "}",
        "",
        "const ts_stencil *ts_stencil_stub(int32_t stub) {",
        "    return &stubs[stub == TS_STUB_ERROR || stub == TS_STUB_FOLLOW_EXIT ? stub : TS_STUB_EXIT];",
        "}",
        "",
        "const char *ts_stencil_helper_name(int32_t helper) {",
        "    return helper >= 0 && helper < ts_stencil_helper_count() ? helper_names[helper] : \"\";",
        "}",
        "",
        "int32_t ts_stencil_helper_count(void) { return %d; }" % len(helpers),
        "",
    ]
    return "\n".join(out)


def compile_micro_op(clang, name, cacheable, cache_max):
    """A micro-op's stencil on the stack and, where it may have them, its cached variants (None for one
    clang could not keep in registers)."""
    variants = ["ts_stencil_cached_%d" % k for k in range(cache_max + 1)] if cacheable else []
    defines = ["-DTS_STENCIL_UOP=" + name] + (["-DTS_STENCIL_CACHED"] if cacheable else [])
    found = compile_template(clang, defines, name, [BODY] + variants)
    return found[BODY], [found[v] for v in variants]


def generate(clang, jobs):
    version = subprocess.run([clang, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    cache_max, table = micro_ops(clang)
    uops = [name for name, _ in table]
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        uop_jobs = {name: pool.submit(compile_micro_op, clang, name, cacheable, cache_max)
                    for name, cacheable in table}
        stub_jobs = {name: pool.submit(compile_template, clang, ["-DTS_STENCIL_STUB=" + c], name + " stub", [BODY])
                     for name, c in STUBS.items()}
        flush_jobs = {k: pool.submit(compile_template, clang,
                                     ["-DTS_STENCIL_STUB=TS_STUB_FLUSH", "-DTS_STENCIL_FLUSH=%d" % k],
                                     "flush %d" % k, [BODY])
                      for k in range(1, cache_max + 1)}
        results = {name: job.result() for name, job in uop_jobs.items()}
        stubs = {name: job.result()[BODY] for name, job in stub_jobs.items()}
        flushes = {k: job.result()[BODY] for k, job in flush_jobs.items()}
    stencils = {name: result[0] for name, result in results.items()}
    cached = {name: result[1] for name, result in results.items()}
    return render(version, uops, stencils, cached, stubs, flushes), stencils, cached


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed file is stale")
    parser.add_argument("--clang", default=toolchain_clang(), help="clang to use (default: the Swift toolchain's)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--object", help="read one compiled object and print its stencil (for tests)")
    args = parser.parse_args()
    try:
        if args.object:
            with open(args.object, "rb") as f:
                stencil = stencils_from_object(f.read(), os.path.basename(args.object), [BODY])[BODY]
            for (offset, kind, relocation, helper, addend) in stencil["holes"]:
                print(offset, kind, RELOCATION_NAMES[relocation], helper or "-", addend)
            return 0
        if not args.clang:
            raise GeneratorError("no clang: install the Swift toolchain or pass --clang")
        text, stencils, cached = generate(args.clang, args.jobs)
    except GeneratorError as error:
        print("generate.py: %s" % error, file=sys.stderr)
        return 1
    if args.check:
        with open(OUTPUT) as f:
            if f.read() != text:
                print("generate.py: %s is stale; run python3 Tools/jit/generate.py" % os.path.relpath(OUTPUT, ROOT),
                      file=sys.stderr)
                return 1
        print("stencils are current (%d micro-ops)" % len(stencils))
        return 0
    with open(OUTPUT, "w") as f:
        f.write(text)
    size = sum(len(s["code"]) for s in stencils.values())
    variants = sum(1 for row in cached.values() for v in row if v)
    print("wrote %s: %d micro-ops, %d bytes of code; %d cached variants" % (
        os.path.relpath(OUTPUT, ROOT), len(stencils), size, variants))
    return 0


if __name__ == "__main__":
    sys.exit(main())
