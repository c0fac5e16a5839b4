/*
 * multilane JNI shim: pin the calling thread to a set of CPUs, read the CPU it runs on and the
 * CPUs the process may use, set the calling thread's nice value. Linux only (sched_setaffinity,
 * sched_getaffinity, sched_getcpu, setpriority on the thread's id).
 *
 * Java side: io.multilane.affinity.NativeAffinity. CPU sets cross the boundary as long[] words,
 * bit b of word w standing for CPU 64 * w + b; the C side converts them to and from cpu_set_t
 * bit by bit, so the layout does not depend on the width of unsigned long.
 *
 * Masks are allocated with CPU_ALLOC at the size the kernel asks for (it returns EINVAL while
 * the buffer is smaller than its nr_cpu_ids), so machines with more than 1024 CPUs work too.
 */
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "io_multilane_affinity_NativeAffinity.h"

/* Bump together with NativeAffinity.ABI_VERSION whenever a native signature or meaning changes. */
#define MULTILANE_AFFINITY_ABI 2

/* Returned by pin0 when the requested set holds a CPU outside the process's allowed set. */
#define NOT_ALLOWED (-1)

#define FIRST_GUESS_CPUS 1024
#define MAX_CPUS (1 << 16)

/* A heap cpu_set_t with its size in bytes and its capacity in CPUs. */
typedef struct {
    cpu_set_t *set;
    size_t bytes;
    int cpus;
} mask_t;

static void mask_free(mask_t *mask)
{
    if (mask->set != NULL) {
        CPU_FREE(mask->set);
        mask->set = NULL;
    }
}

static int mask_alloc(mask_t *mask, int cpus)
{
    mask->set = CPU_ALLOC(cpus);
    if (mask->set == NULL) {
        return ENOMEM;
    }
    mask->bytes = CPU_ALLOC_SIZE(cpus);
    mask->cpus = (int) (mask->bytes * 8);
    CPU_ZERO_S(mask->bytes, mask->set);
    return 0;
}

/* Reads the affinity mask of pid (0: the calling thread). Returns 0 or an errno value. */
static int mask_read(pid_t pid, mask_t *mask)
{
    for (int cpus = FIRST_GUESS_CPUS; cpus <= MAX_CPUS; cpus *= 2) {
        int err = mask_alloc(mask, cpus);
        if (err != 0) {
            return err;
        }
        if (sched_getaffinity(pid, mask->bytes, mask->set) == 0) {
            return 0;
        }
        err = errno;
        mask_free(mask);
        if (err != EINVAL) {
            return err;
        }
    }
    return EINVAL;
}

static void throw_errno(JNIEnv *env, const char *call, int err)
{
    char text[256];
    char message[320];
    const char *reason = strerror_r(err, text, sizeof text);
    snprintf(message, sizeof message, "%s failed: %s (errno %d)", call, reason, err);
    jclass type = (*env)->FindClass(env, "java/lang/IllegalStateException");
    if (type != NULL) {
        (*env)->ThrowNew(env, type, message);
    }
}

/* Converts a mask to Java words, trimmed after the highest CPU present. */
static jlongArray mask_to_words(JNIEnv *env, const mask_t *mask)
{
    int highest = -1;
    for (int cpu = mask->cpus - 1; cpu >= 0; cpu--) {
        if (CPU_ISSET_S(cpu, mask->bytes, mask->set)) {
            highest = cpu;
            break;
        }
    }
    jsize words = (jsize) (highest / 64 + 1);
    jlongArray result = (*env)->NewLongArray(env, words);
    if (result == NULL || words == 0) {
        return result;
    }
    jlong *values = calloc((size_t) words, sizeof(jlong));
    if (values == NULL) {
        throw_errno(env, "calloc", ENOMEM);
        return NULL;
    }
    for (int cpu = 0; cpu <= highest; cpu++) {
        if (CPU_ISSET_S(cpu, mask->bytes, mask->set)) {
            values[cpu / 64] = (jlong) ((uint64_t) values[cpu / 64] | (UINT64_C(1) << (cpu % 64)));
        }
    }
    (*env)->SetLongArrayRegion(env, result, 0, words, values);
    free(values);
    return result;
}

static jlongArray read_as_words(JNIEnv *env, pid_t pid)
{
    mask_t mask = { NULL, 0, 0 };
    int err = mask_read(pid, &mask);
    if (err != 0) {
        throw_errno(env, "sched_getaffinity", err);
        return NULL;
    }
    jlongArray result = mask_to_words(env, &mask);
    mask_free(&mask);
    return result;
}

/*
 * Fills requested from the Java words. Returns 0, NOT_ALLOWED when a CPU is outside allowed,
 * or an errno value.
 */
static int words_to_mask(JNIEnv *env, jlongArray words, const mask_t *allowed, mask_t *requested)
{
    jsize count = (*env)->GetArrayLength(env, words);
    jlong *values = (*env)->GetLongArrayElements(env, words, NULL);
    if (values == NULL) {
        return ENOMEM;
    }
    int cpus = count * 64 > allowed->cpus ? count * 64 : allowed->cpus;
    int result = mask_alloc(requested, cpus);
    for (jsize w = 0; result == 0 && w < count; w++) {
        uint64_t word = (uint64_t) values[w];
        for (int bit = 0; word != 0 && bit < 64; bit++, word >>= 1) {
            int cpu = (int) w * 64 + bit;
            if ((word & 1) == 0) {
                continue;
            }
            if (cpu >= allowed->cpus || !CPU_ISSET_S(cpu, allowed->bytes, allowed->set)) {
                result = NOT_ALLOWED;
                break;
            }
            CPU_SET_S(cpu, requested->bytes, requested->set);
        }
    }
    (*env)->ReleaseLongArrayElements(env, words, values, JNI_ABORT);
    return result;
}

JNIEXPORT jint JNICALL Java_io_multilane_affinity_NativeAffinity_abiVersion0(JNIEnv *env, jclass type)
{
    (void) env;
    (void) type;
    return MULTILANE_AFFINITY_ABI;
}

JNIEXPORT jint JNICALL Java_io_multilane_affinity_NativeAffinity_currentCpu0(JNIEnv *env, jclass type)
{
    (void) env;
    (void) type;
    return sched_getcpu();
}

JNIEXPORT jint JNICALL Java_io_multilane_affinity_NativeAffinity_pin0(JNIEnv *env, jclass type, jlongArray words)
{
    (void) type;
    mask_t allowed = { NULL, 0, 0 };
    mask_t requested = { NULL, 0, 0 };
    int result = mask_read(getpid(), &allowed);
    if (result == 0) {
        result = words_to_mask(env, words, &allowed, &requested);
    }
    if (result == 0 && sched_setaffinity(0, requested.bytes, requested.set) != 0) {
        result = errno;
    }
    mask_free(&requested);
    mask_free(&allowed);
    return result;
}

JNIEXPORT jlongArray JNICALL Java_io_multilane_affinity_NativeAffinity_threadMask0(JNIEnv *env, jclass type)
{
    (void) type;
    return read_as_words(env, 0);
}

JNIEXPORT jlongArray JNICALL Java_io_multilane_affinity_NativeAffinity_processMask0(JNIEnv *env, jclass type)
{
    (void) type;
    return read_as_words(env, getpid());
}

JNIEXPORT jstring JNICALL Java_io_multilane_affinity_NativeAffinity_errorText0(JNIEnv *env, jclass type, jint err)
{
    (void) type;
    char text[256];
    return (*env)->NewStringUTF(env, strerror_r(err, text, sizeof text));
}

JNIEXPORT jint JNICALL Java_io_multilane_affinity_NativeAffinity_nice0(JNIEnv *env, jclass type, jint niceness)
{
    (void) env;
    (void) type;
    /* On Linux a thread is a task with its own nice value: setpriority on its id changes that thread only. */
    if (setpriority(PRIO_PROCESS, (id_t) syscall(SYS_gettid), niceness) != 0) {
        return errno;
    }
    return 0;
}
