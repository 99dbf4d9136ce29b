/*
 * The physical floor of this machine for cross-core messaging, measured in C so every Quicksilver
 * figure can be stated as a distance from it (see docs/benchmarks.md).
 *
 *   pingpong : two threads pinned to two CPUs bounce one 64-byte cache line; one-way hop = RTT / 2.
 *   spsc     : one producer, one consumer, a ring of 64-byte slots (one cache line each) with the
 *              producer writing a 64-byte payload and the consumer reading and checksumming it;
 *              cached head/tail indices, the consumer frees slots every 256 messages or when it
 *              catches up: the best a single link can stream.
 *
 * Output: key=value lines, stable for scripts.  Usage: floor [cpuA cpuB] [--seconds N]
 * Build:  native/build.sh (gcc -O2 -pthread); the Java side never links this.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CACHE_LINE 64
#define RING_SLOTS 4096 /* power of two; 256 KiB of payload, fits L2 on most cores */

typedef struct { _Alignas(CACHE_LINE) _Atomic uint64_t value; char pad[CACHE_LINE - sizeof(uint64_t)]; } padded_u64;
typedef struct { _Alignas(CACHE_LINE) uint64_t words[8]; } slot64;

static int cpu_a = 0, cpu_b = 1;
static double seconds = 1.0;

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    int rc = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
    if (rc != 0) {
        fprintf(stderr, "floor: pthread_setaffinity_np(cpu=%d) failed: %s\n", cpu, strerror(rc));
        exit(1);
    }
}

/* ---- ping-pong ---- */
static padded_u64 ping, pong;
static uint64_t pp_rounds;

static void *pong_thread(void *arg) {
    (void)arg;
    pin(cpu_b);
    for (uint64_t i = 1; i <= pp_rounds; i++) {
        while (atomic_load_explicit(&ping.value, memory_order_acquire) != i) { }
        atomic_store_explicit(&pong.value, i, memory_order_release);
    }
    return NULL;
}

static double pingpong_rtt_ns(uint64_t rounds) {
    pthread_t t;
    pp_rounds = rounds;
    atomic_store(&ping.value, 0);
    atomic_store(&pong.value, 0);
    pthread_create(&t, NULL, pong_thread, NULL);
    uint64_t start = now_ns();
    for (uint64_t i = 1; i <= rounds; i++) {
        atomic_store_explicit(&ping.value, i, memory_order_release);
        while (atomic_load_explicit(&pong.value, memory_order_acquire) != i) { }
    }
    uint64_t end = now_ns();
    pthread_join(t, NULL);
    return (double)(end - start) / (double)rounds;
}

/* ---- SPSC ring of 64-byte slots ---- */
static slot64 *ring;
static padded_u64 head; /* next slot the consumer reads */
static padded_u64 tail; /* next slot the producer writes */
static uint64_t spsc_count;
static uint64_t consumer_sum;

static void *consumer_thread(void *arg) {
    (void)arg;
    pin(cpu_b);
    uint64_t h = 0, cached_tail = 0, sum = 0;
    while (h < spsc_count) {
        if (h == cached_tail) {
            /* Free the slots read so far only when the ring looks drained: one store per batch, not per
               message, so the producer's cache line is not stolen on every slot. */
            atomic_store_explicit(&head.value, h, memory_order_release);
            while ((cached_tail = atomic_load_explicit(&tail.value, memory_order_acquire)) == h) { }
        }
        const slot64 *s = &ring[h & (RING_SLOTS - 1)];
        for (int w = 0; w < 8; w++) sum += s->words[w];
        h++;
        if ((h & 255) == 0) atomic_store_explicit(&head.value, h, memory_order_release);
    }
    atomic_store_explicit(&head.value, h, memory_order_release);
    consumer_sum = sum;
    return NULL;
}

static double spsc_ns_per_msg(uint64_t count, int *checksum_ok) {
    pthread_t t;
    spsc_count = count;
    atomic_store(&head.value, 0);
    atomic_store(&tail.value, 0);
    pthread_create(&t, NULL, consumer_thread, NULL);
    uint64_t start = now_ns(), expect = 0, cached_head = 0;
    for (uint64_t i = 0; i < count; i++) {
        if (i - cached_head >= RING_SLOTS) {
            while (i - (cached_head = atomic_load_explicit(&head.value, memory_order_acquire)) >= RING_SLOTS) { }
        }
        slot64 *s = &ring[i & (RING_SLOTS - 1)];
        for (int w = 0; w < 8; w++) { s->words[w] = i + (uint64_t)w; expect += i + (uint64_t)w; }
        atomic_store_explicit(&tail.value, i + 1, memory_order_release);
    }
    pthread_join(t, NULL);
    uint64_t end = now_ns();
    *checksum_ok = consumer_sum == expect;
    return (double)(end - start) / (double)count;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    int positional = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
            seconds = atof(argv[++i]);
        } else if (positional == 0) {
            cpu_a = atoi(argv[i]); positional++;
        } else if (positional == 1) {
            cpu_b = atoi(argv[i]); positional++;
        } else {
            fprintf(stderr, "usage: floor [cpuA cpuB] [--seconds N]\n");
            return 2;
        }
    }
    if (seconds <= 0) { fprintf(stderr, "floor: seconds must be > 0: seconds=%g\n", seconds); return 2; }
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    if (cpu_a < 0 || cpu_b < 0 || cpu_a >= ncpu || cpu_b >= ncpu || cpu_a == cpu_b) {
        fprintf(stderr, "floor: need two distinct online cpus in 0-%ld: cpuA=%d cpuB=%d\n", ncpu - 1, cpu_a, cpu_b);
        return 2;
    }
    if (posix_memalign((void **)&ring, CACHE_LINE, sizeof(slot64) * RING_SLOTS) != 0) return 1;
    memset(ring, 0, sizeof(slot64) * RING_SLOTS);
    pin(cpu_a);

    /* Calibrate a round count that takes about `seconds / 5` per sample, then take 5 samples; report the median. */
    uint64_t rounds = 10000;
    double rtt = pingpong_rtt_ns(rounds);
    rounds = (uint64_t)((seconds / 5.0) * 1e9 / (rtt > 1 ? rtt : 1));
    if (rounds < 10000) rounds = 10000;
    double samples[5];
    for (int i = 0; i < 5; i++) samples[i] = pingpong_rtt_ns(rounds);
    qsort(samples, 5, sizeof(double), cmp_double);
    printf("cpus=%d,%d\n", cpu_a, cpu_b);
    printf("pingpong_rtt_ns_median=%.1f\n", samples[2]);
    printf("pingpong_rtt_ns_min=%.1f\n", samples[0]);
    printf("pingpong_rtt_ns_max=%.1f\n", samples[4]);
    printf("pingpong_one_way_ns_median=%.1f\n", samples[2] / 2.0);

    int ok = 1, all_ok = 1;
    uint64_t count = 1000000;
    double per = spsc_ns_per_msg(count, &ok);
    all_ok &= ok;
    count = (uint64_t)((seconds / 5.0) * 1e9 / (per > 0.1 ? per : 0.1));
    if (count < 1000000) count = 1000000;
    for (int i = 0; i < 5; i++) { samples[i] = spsc_ns_per_msg(count, &ok); all_ok &= ok; }
    qsort(samples, 5, sizeof(double), cmp_double);
    printf("spsc_payload_bytes=64\n");
    printf("spsc_ns_per_msg_median=%.2f\n", samples[2]);
    printf("spsc_ns_per_msg_min=%.2f\n", samples[0]);
    printf("spsc_ns_per_msg_max=%.2f\n", samples[4]);
    printf("spsc_msgs_per_sec_median=%.0f\n", 1e9 / samples[2]);
    printf("spsc_checksum=%s\n", all_ok ? "ok" : "MISMATCH");
    free(ring);
    return all_ok ? 0 : 1;
}
