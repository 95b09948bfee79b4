// A C interface to Google's RE2 (Debian: libre2-dev), the engine whose syntax
// and linear-time matching Go's regexp package follows. Swift calls these
// functions through `Pattern` (SwprofCore); nothing else uses RE2 directly.
#ifndef SWPROF_CRE2_H
#define SWPROF_CRE2_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A compiled pattern (an RE2 object). Immutable once compiled: matching from
/// several threads at once is safe.
typedef struct swprof_re2 swprof_re2;

/// Why a pattern did not compile: RE2's error code (RE2::ErrorCode) and the
/// part of the pattern it blames (`arg`, `arg_length` bytes, not terminated).
typedef struct {
    int code;
    char *arg;
    size_t arg_length;
} swprof_re2_error;

/// Compiles `length` bytes of UTF-8 at `pattern` with RE2's defaults (Perl
/// classes, word boundaries, `$` only at the end of the text, `.` not matching
/// a newline), using at most `max_memory` bytes for the program and its DFA
/// caches. Returns NULL and fills `error` (free its `arg` with
/// `swprof_re2_error_free`) when the pattern is invalid or too large.
swprof_re2 *swprof_re2_compile(const char *pattern, size_t length, long long max_memory, swprof_re2_error *error);

/// Releases a pattern.
void swprof_re2_free(swprof_re2 *re);

/// Releases the text of an error.
void swprof_re2_error_free(swprof_re2_error *error);

/// Whether the pattern matches anywhere in `length` bytes at `text`.
int swprof_re2_matches(const swprof_re2 *re, const char *text, size_t length);

#ifdef __cplusplus
}
#endif

#endif
