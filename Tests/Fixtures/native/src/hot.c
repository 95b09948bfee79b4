/* A small CPU-bound C program for swprof's native symbolization tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline unsigned mix(unsigned h, unsigned v) {
    return (h ^ v) * 16777619u;
}

unsigned hash_block(const unsigned *data, size_t n) {
    unsigned h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = mix(h, data[i]);
    return h;
}

static int compare_ints(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

void sort_ints(int *values, size_t n) {
    qsort(values, n, sizeof *values, compare_ints);
}

unsigned checksum_file_like(size_t rounds) {
    unsigned total = 0;
    unsigned *block = malloc(4096 * sizeof *block);
    for (size_t r = 0; r < rounds; r++) {
        for (size_t i = 0; i < 4096; i++) block[i] = (unsigned)(i * r + 7);
        total += hash_block(block, 4096);
    }
    free(block);
    return total;
}

int main(int argc, char **argv) {
    size_t rounds = argc > 1 ? (size_t)atol(argv[1]) : 20000;
    unsigned total = checksum_file_like(rounds);
    int *values = malloc(200000 * sizeof *values);
    for (int k = 0; k < 20; k++) {
        for (int i = 0; i < 200000; i++) values[i] = (i * 7919 + k) % 100003;
        sort_ints(values, 200000);
        total += (unsigned)values[k];
    }
    free(values);
    printf("%u\n", total);
    return 0;
}
