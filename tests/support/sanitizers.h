#pragma once
// Whether this test program was built with AddressSanitizer (the sanitizer build, ./run sanitize). GCC defines
// __SANITIZE_ADDRESS__; clang before 17 only answers __has_feature(address_sanitizer). Tests that bound memory
// (RSS) skip themselves under it: its shadow memory and quarantine make RSS meaningless.
namespace datavagt::testing {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif
#else
inline constexpr bool kAddressSanitizer = false;
#endif

}  // namespace datavagt::testing
