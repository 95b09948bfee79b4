/// The frames pprof hides in legacy profiles (the profile's `drop_frames` and
/// `keep_frames`), chosen by the kind of profile: allocator functions in heap
/// profiles, lock internals in contention profiles, the profiler's signal
/// handler in CPU profiles. `Profile.removeUninteresting()` applies them.
enum LegacyFrameInfo {
    /// Sample-type lists that mark a heap profile.
    static let heapSampleTypes: [[String]] = [
        ["allocations", "size"],
        ["objects", "space"],
        ["inuse_objects", "inuse_space"],
        ["alloc_objects", "alloc_space"],
        ["alloc_objects", "alloc_space", "inuse_objects", "inuse_space"],
    ]

    /// Sample-type lists that mark a contention profile.
    static let contentionSampleTypes: [[String]] = [["contentions", "delay"]]

    /// Memory allocation entry points (C, tcmalloc, macOS zones, the Go runtime, C++).
    static let allocationFrames = [
        "calloc", "cfree", "malloc", "free", "memalign", "do_memalign", "(__)?posix_memalign",
        "pvalloc", "valloc", "realloc",
        "tcmalloc::.*", "tc_calloc", "tc_cfree", "tc_malloc", "tc_free", "tc_memalign",
        "tc_posix_memalign", "tc_pvalloc", "tc_valloc", "tc_realloc", "tc_new", "tc_delete",
        "tc_newarray", "tc_deletearray", "tc_new_nothrow", "tc_newarray_nothrow",
        "malloc_zone_malloc", "malloc_zone_calloc", "malloc_zone_valloc", "malloc_zone_realloc",
        "malloc_zone_memalign", "malloc_zone_free",
        #"runtime\..*"#,
        "BaseArena::.*", "(::)?do_malloc_no_errno", "(::)?do_malloc_pages", "(::)?do_malloc",
        "DoSampledAllocation", "MallocedMemBlock::MallocedMemBlock", "_M_allocate",
        "__builtin_(vec_)?delete", "__builtin_(vec_)?new", "__gnu_cxx::new_allocator::allocate",
        "__libc_malloc", "__malloc_alloc_template::allocate", "allocate", "cpp_alloc",
        #"operator new(\[\])?"#, "simple_alloc::allocate",
    ].joined(separator: "|")

    /// Go runtime frames kept even though they match `runtime\..*`.
    static let allocationKeepFrames = [
        #"runtime\.panic"#, #"runtime\.reflectcall"#, #"runtime\.call[0-9]*"#,
    ].joined(separator: "|")

    /// The CPU profiler's own frames.
    static let cpuProfilerFrames = [
        "ProfileData::Add", "ProfileData::prof_handler", "CpuProfiler::prof_handler",
        "__pthread_sighandler", "__restore",
    ].joined(separator: "|")

    /// Lock-profiling and unlock internals.
    static let lockFrames = [
        "RecordLockProfileData",
        "(base::)?RecordLockProfileData.*",
        "(base::)?SubmitMutexProfileData.*",
        "(base::)?SubmitSpinLockProfileData.*",
        "(base::Mutex::)?AwaitCommon.*",
        "(base::Mutex::)?Unlock.*",
        "(base::Mutex::)?UnlockSlow.*",
        "(base::Mutex::)?ReaderUnlock.*",
        "(base::MutexLock::)?~MutexLock.*",
        "(Mutex::)?AwaitCommon.*",
        "(Mutex::)?Unlock.*",
        "(Mutex::)?UnlockSlow.*",
        "(Mutex::)?ReaderUnlock.*",
        "(MutexLock::)?~MutexLock.*",
        "(SpinLock::)?Unlock.*",
        "(SpinLock::)?SlowUnlock.*",
        "(SpinLockHolder::)?~SpinLockHolder.*",
    ].joined(separator: "|")
}
