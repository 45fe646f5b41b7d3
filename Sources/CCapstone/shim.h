// Capstone (Debian libcapstone-dev), the disassembler the machine-code listings use.
#include <capstone/capstone.h>
