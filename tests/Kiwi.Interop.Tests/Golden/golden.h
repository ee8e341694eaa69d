/* Golden input for the generator's own tests: one of each construct it must handle. */
#ifndef GOLDEN_H
#define GOLDEN_H

#include <stdint.h>

#define GOLDEN_SMALL 7
#define GOLDEN_NEGATIVE (-3)
#define GOLDEN_BIG 0x80000000u
#define GOLDEN_HUGE 0x100000000LL
#define GOLDEN_SUM (GOLDEN_SMALL + 1)
#define GOLDEN_FUNC(x) (x)

enum golden_kind { GOLDEN_KIND_A, GOLDEN_KIND_B = 5 };

typedef struct { unsigned long bits[2]; } golden_set_t;

/* Items that differ by architecture, as epoll_event and the O_* flags do in the system headers. */
#if defined(__x86_64__)
#define PACKED_ON_X86 __attribute__((packed))
#define GOLDEN_DIRECT 0x4000
#define GOLDEN_X86_ONLY 1
#else
#define PACKED_ON_X86
#define GOLDEN_DIRECT 0x10000
#endif

struct golden_packed { uint32_t events; uint64_t data; } PACKED_ON_X86;

union golden_value { int i; void *p; };

struct golden_bits { uint8_t tag; uint8_t low : 4, high : 4; uint16_t word; };

struct golden_record {
    uint8_t opcode;
    union { uint64_t off; struct { uint32_t lo; uint32_t hi; }; };
    union { uint8_t b[4]; uint32_t w; } named;
    struct golden_packed *next;
    char name[3];
    enum golden_kind kind;
    uint64_t tail[];
};

int golden_call(int __fd, struct golden_record *record, const char *text, unsigned int event, golden_set_t *set);
long golden_plain(void);

#endif
