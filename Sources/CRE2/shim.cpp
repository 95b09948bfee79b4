// The C side of CRE2.h: thin wrappers over RE2's C++ API.
#include "CRE2.h"

#include <re2/re2.h>

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

struct swprof_re2 {
    RE2 regex;
    swprof_re2(re2::StringPiece pattern, const RE2::Options &options) : regex(pattern, options) {}
};

extern "C" swprof_re2 *swprof_re2_compile(const char *pattern, size_t length, long long max_memory, swprof_re2_error *error) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(max_memory);
    swprof_re2 *re = new (std::nothrow) swprof_re2(re2::StringPiece(pattern, length), options);
    if (re == nullptr) {
        error->code = RE2::ErrorPatternTooLarge;
        error->arg = nullptr;
        error->arg_length = 0;
        return nullptr;
    }
    if (re->regex.ok()) {
        return re;
    }
    error->code = re->regex.error_code();
    const std::string &arg = re->regex.error_arg();
    error->arg_length = arg.size();
    error->arg = static_cast<char *>(std::malloc(arg.size() + 1));
    if (error->arg != nullptr) {
        std::memcpy(error->arg, arg.data(), arg.size());
        error->arg[arg.size()] = 0;
    } else {
        error->arg_length = 0;
    }
    delete re;
    return nullptr;
}

extern "C" void swprof_re2_free(swprof_re2 *re) { delete re; }

extern "C" void swprof_re2_error_free(swprof_re2_error *error) {
    std::free(error->arg);
    error->arg = nullptr;
    error->arg_length = 0;
}

extern "C" int swprof_re2_matches(const swprof_re2 *re, const char *text, size_t length) {
    return RE2::PartialMatch(re2::StringPiece(text, length), re->regex) ? 1 : 0;
}
